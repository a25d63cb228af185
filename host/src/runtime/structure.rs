//! The structural pre-check of untrusted plugin bytes: before wasmtime compiles a
//! component (which can take gigabytes and seconds on crafted input), riskcard reads
//! its shape with wasmparser and refuses anything larger or deeper than a plugin needs
//! — file size, nesting of components and modules, counts of what they define,
//! function body size and control nesting. docs/security.md gives the measured needs
//! of the first-party plugins under each bound.

use wasmparser::{Operator, Parser, Payload};

use super::limiter::{CORE_INSTANCES_PER_PLUGIN, MEMORIES_PER_PLUGIN, TABLES_PER_PLUGIN};

/// The largest plugin file riskcard compiles, in bytes: a Python plugin built with
/// componentize-py embeds CPython and is about 18 MB.
pub const MAX_PLUGIN_BYTES: usize = 32 << 20;
/// How deeply components and core modules may nest inside each other (the outer
/// component is depth 1, a core module inside it depth 2).
pub const MAX_NESTING_DEPTH: usize = 8;
/// Components a plugin may contain, counting itself.
pub const MAX_COMPONENTS: usize = 16;
/// Core modules a plugin may contain.
pub const MAX_MODULES: usize = 16;
/// Component instances a plugin may declare.
pub const MAX_COMPONENT_INSTANCES: usize = 64;
/// Functions a plugin's core modules may define, in all.
pub const MAX_FUNCTIONS: usize = 50_000;
/// Bytes of one function body.
pub const MAX_FUNCTION_BODY_BYTES: usize = 1 << 20;
/// How deeply blocks, loops and ifs may nest inside one function.
pub const MAX_CONTROL_NESTING: usize = 1024;

/// Every bound the pre-check applies, for keying what was compiled after passing it.
pub(super) const BOUNDS: [usize; 11] = [
    MAX_PLUGIN_BYTES,
    MAX_NESTING_DEPTH,
    MAX_COMPONENTS,
    MAX_MODULES,
    MAX_COMPONENT_INSTANCES,
    MAX_FUNCTIONS,
    MAX_FUNCTION_BODY_BYTES,
    MAX_CONTROL_NESTING,
    CORE_INSTANCES_PER_PLUGIN,
    MEMORIES_PER_PLUGIN,
    TABLES_PER_PLUGIN,
];

/// A bound the pre-check found exceeded, or bytes it could not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StructureError {
    /// A count or size over its bound.
    #[error("{what} is {found}, over riskcard's limit of {limit}")]
    OverLimit {
        /// What was counted, e.g. "component nesting depth".
        what: &'static str,
        /// How much the plugin has (or, when it stopped counting, at least has).
        found: usize,
        /// The bound.
        limit: usize,
    },
    /// The bytes are not a well-formed component.
    #[error("not a valid WebAssembly component: {0}")]
    Malformed(String),
}

/// What a plugin's bytes define, as the pre-check counted it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    /// Size of the file in bytes.
    pub bytes: usize,
    /// Deepest nesting of components and modules.
    pub depth: usize,
    /// Components, counting the outer one.
    pub components: usize,
    /// Core modules.
    pub modules: usize,
    /// Core modules instantiated (bundles of exports, which allocate nothing, are not
    /// counted).
    pub core_instances: usize,
    /// Component instances declared.
    pub component_instances: usize,
    /// Linear memories defined (not imported) by the core modules.
    pub memories: usize,
    /// Tables defined by the core modules.
    pub tables: usize,
    /// Functions defined by the core modules.
    pub functions: usize,
    /// The largest function body in bytes.
    pub largest_body: usize,
    /// The deepest control nesting in any function.
    pub control_nesting: usize,
}

fn bound(what: &'static str, found: usize, limit: usize) -> Result<(), StructureError> {
    if found > limit { Err(StructureError::OverLimit { what, found, limit }) } else { Ok(()) }
}

fn malformed(error: wasmparser::BinaryReaderError) -> StructureError {
    StructureError::Malformed(error.message().to_owned())
}

/// Reads the shape of `bytes`, stopping at the first bound exceeded: the work done is
/// linear in the bytes read and never more than the bounds allow.
pub fn shape(bytes: &[u8]) -> Result<Shape, StructureError> {
    bound("the file size in bytes", bytes.len(), MAX_PLUGIN_BYTES)?;
    let mut shape = Shape { bytes: bytes.len(), ..Shape::default() };
    let mut depth = 0usize;
    for payload in Parser::new(0).parse_all(bytes) {
        match payload.map_err(malformed)? {
            Payload::Version { encoding, .. } => {
                depth += 1;
                shape.depth = shape.depth.max(depth);
                bound("the nesting depth of components and modules", depth, MAX_NESTING_DEPTH)?;
                match encoding {
                    wasmparser::Encoding::Component => {
                        shape.components += 1;
                        bound("the number of components", shape.components, MAX_COMPONENTS)?;
                    }
                    wasmparser::Encoding::Module => {
                        shape.modules += 1;
                        bound("the number of core modules", shape.modules, MAX_MODULES)?;
                    }
                }
            }
            Payload::End(_) => depth = depth.saturating_sub(1),
            Payload::InstanceSection(section) => {
                for instance in section {
                    if let wasmparser::Instance::Instantiate { .. } = instance.map_err(malformed)? {
                        shape.core_instances += 1;
                    }
                }
                bound("the number of core instances", shape.core_instances, CORE_INSTANCES_PER_PLUGIN)?;
            }
            Payload::ComponentInstanceSection(section) => {
                shape.component_instances += section.count() as usize;
                bound("the number of component instances", shape.component_instances, MAX_COMPONENT_INSTANCES)?;
            }
            Payload::MemorySection(section) => {
                shape.memories += section.count() as usize;
                bound("the number of linear memories", shape.memories, MEMORIES_PER_PLUGIN)?;
            }
            Payload::TableSection(section) => {
                shape.tables += section.count() as usize;
                bound("the number of tables", shape.tables, TABLES_PER_PLUGIN)?;
            }
            Payload::FunctionSection(section) => {
                shape.functions += section.count() as usize;
                bound("the number of functions", shape.functions, MAX_FUNCTIONS)?;
            }
            Payload::CodeSectionEntry(body) => {
                let size = body.range().len();
                shape.largest_body = shape.largest_body.max(size);
                bound("the size of a function body in bytes", size, MAX_FUNCTION_BODY_BYTES)?;
                shape.control_nesting = shape.control_nesting.max(control_nesting(&body)?);
            }
            _ => {}
        }
    }
    Ok(shape)
}

/// The deepest nesting of blocks in one function, stopping once past the bound.
fn control_nesting(body: &wasmparser::FunctionBody<'_>) -> Result<usize, StructureError> {
    let mut operators = body.get_operators_reader().map_err(malformed)?;
    let (mut depth, mut deepest) = (0usize, 0usize);
    while !operators.eof() {
        match operators.read().map_err(malformed)? {
            Operator::Block { .. } | Operator::Loop { .. } | Operator::If { .. } | Operator::TryTable { .. } => {
                depth += 1;
                deepest = deepest.max(depth);
                bound("the control nesting depth of a function", depth, MAX_CONTROL_NESTING)?;
            }
            Operator::End => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(deepest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{
        CodeSection, Component, Function, FunctionSection, Instruction, MemorySection, MemoryType, Module,
        ModuleSection, NestedComponentSection, TypeSection,
    };

    fn module_with_body(instructions: &[Instruction<'_>]) -> Module {
        let mut types = TypeSection::new();
        types.ty().function([], []);
        let mut functions = FunctionSection::new();
        functions.function(0);
        let mut body = Function::new([]);
        for instruction in instructions {
            body.instruction(instruction);
        }
        body.instruction(&Instruction::End);
        let mut code = CodeSection::new();
        code.function(&body);
        let mut module = Module::new();
        module.section(&types).section(&functions).section(&code);
        module
    }

    fn component_of(module: &Module) -> Vec<u8> {
        let mut component = Component::new();
        component.section(&ModuleSection(module));
        component.finish()
    }

    #[test]
    fn a_small_component_passes_and_is_measured() {
        let nested = [Instruction::Block(wasm_encoder::BlockType::Empty), Instruction::End];
        let shape = shape(&component_of(&module_with_body(&nested))).unwrap();
        assert_eq!((shape.depth, shape.components, shape.modules, shape.functions), (2, 1, 1, 1));
        assert_eq!(shape.control_nesting, 1);
    }

    #[test]
    fn deep_control_nesting_is_refused_naming_the_bound() {
        let mut instructions = vec![Instruction::Block(wasm_encoder::BlockType::Empty); MAX_CONTROL_NESTING + 1];
        instructions.extend(vec![Instruction::End; MAX_CONTROL_NESTING + 1]);
        let error = shape(&component_of(&module_with_body(&instructions))).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "the control nesting depth of a function is {}, over riskcard's limit of {MAX_CONTROL_NESTING}",
                MAX_CONTROL_NESTING + 1
            )
        );
    }

    #[test]
    fn nested_components_past_the_depth_are_refused() {
        let mut inner = Component::new();
        for _ in 0..MAX_NESTING_DEPTH {
            let mut outer = Component::new();
            outer.section(&NestedComponentSection(&inner));
            inner = outer;
        }
        let error = shape(&inner.finish()).unwrap_err();
        assert!(matches!(error, StructureError::OverLimit { limit: MAX_NESTING_DEPTH, .. }), "{error}");
    }

    #[test]
    fn memories_past_the_share_are_refused() {
        let mut memories = MemorySection::new();
        for _ in 0..=MEMORIES_PER_PLUGIN {
            memories.memory(MemoryType {
                minimum: 1,
                maximum: None,
                memory64: false,
                shared: false,
                page_size_log2: None,
            });
        }
        let mut module = Module::new();
        module.section(&memories);
        let error = shape(&component_of(&module)).unwrap_err();
        assert!(error.to_string().starts_with("the number of linear memories is"), "{error}");
    }

    #[test]
    fn oversized_files_are_refused_before_parsing() {
        let error = shape(&vec![0; MAX_PLUGIN_BYTES + 1]).unwrap_err();
        assert!(matches!(error, StructureError::OverLimit { what: "the file size in bytes", .. }));
    }

    /// The first-party plugins pass with room to spare; `--nocapture` prints what each
    /// needs (docs/security.md quotes these figures).
    #[test]
    fn first_party_plugins_need_at_most_half_of_every_bound() {
        for (name, bytes) in crate::embedded::PLUGINS {
            let shape = shape(bytes).unwrap_or_else(|error| panic!("{name}: {error}"));
            println!("{name}: {shape:?}");
            for (what, need, bound) in [
                ("bytes", shape.bytes, MAX_PLUGIN_BYTES),
                ("depth", shape.depth, MAX_NESTING_DEPTH),
                ("components", shape.components, MAX_COMPONENTS),
                ("modules", shape.modules, MAX_MODULES),
                ("core instances", shape.core_instances, CORE_INSTANCES_PER_PLUGIN),
                ("component instances", shape.component_instances, MAX_COMPONENT_INSTANCES),
                ("memories", shape.memories, MEMORIES_PER_PLUGIN),
                ("tables", shape.tables, TABLES_PER_PLUGIN),
                ("functions", shape.functions, MAX_FUNCTIONS),
                ("largest body", shape.largest_body, MAX_FUNCTION_BODY_BYTES),
                ("control nesting", shape.control_nesting, MAX_CONTROL_NESTING),
            ] {
                assert!(need * 2 <= bound, "{name} needs {need} {what} of at most {bound}");
            }
        }
    }

    #[test]
    fn garbage_is_malformed_not_a_panic() {
        assert!(matches!(shape(b"\0asm\x0d\0\x01\0\xff\xff"), Err(StructureError::Malformed(_))));
    }
}
