//! The resource limiter of one plugin evaluation: linear memory and table elements
//! summed over all of the plugin's memories and tables (not per memory), and counts of
//! instances, memories and tables that fit one slot's share of the pooled allocator,
//! so that no plugin can take what another evaluation running beside it needs.

use wasmtime::ResourceLimiter;

use super::limits::LimitExceeded;

/// Core instances one evaluation may create: its share of the pool.
pub const CORE_INSTANCES_PER_PLUGIN: usize = 16;
/// Linear memories one evaluation may create: its share of the pool.
pub const MEMORIES_PER_PLUGIN: usize = 4;
/// Tables one evaluation may create: its share of the pool.
pub const TABLES_PER_PLUGIN: usize = 16;
/// Table elements one evaluation may hold, over all its tables.
pub const MAX_TABLE_ELEMENTS: usize = 20_000;

/// Tracks one evaluation's memory and tables and refuses growth past the limits with
/// a typed [`LimitExceeded`] that traps the plugin.
#[derive(Debug, Clone)]
pub struct PluginLimiter {
    memory_limit: usize,
    memory_used: usize,
    table_elements: usize,
}

impl PluginLimiter {
    /// A limiter allowing `memory_limit` bytes of linear memory in all.
    pub fn new(memory_limit: usize) -> Self {
        Self { memory_limit, memory_used: 0, table_elements: 0 }
    }

    /// Bytes of linear memory the plugin holds, over all its memories.
    #[cfg(test)]
    pub fn memory_used(&self) -> usize {
        self.memory_used
    }
}

impl ResourceLimiter for PluginLimiter {
    fn memory_growing(&mut self, current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        let total = self.memory_used.saturating_sub(current).saturating_add(desired);
        if total > self.memory_limit {
            return Err(LimitExceeded::Memory(self.memory_limit).into());
        }
        self.memory_used = total;
        Ok(true)
    }

    fn table_growing(&mut self, current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        let total = self.table_elements.saturating_sub(current).saturating_add(desired);
        if total > MAX_TABLE_ELEMENTS {
            return Err(LimitExceeded::TableElements(MAX_TABLE_ELEMENTS).into());
        }
        self.table_elements = total;
        Ok(true)
    }

    fn instances(&self) -> usize {
        CORE_INSTANCES_PER_PLUGIN
    }

    fn tables(&self) -> usize {
        TABLES_PER_PLUGIN
    }

    fn memories(&self) -> usize {
        MEMORIES_PER_PLUGIN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_is_summed_over_every_memory() {
        let mut limiter = PluginLimiter::new(100);
        assert!(limiter.memory_growing(0, 40, None).unwrap(), "first memory");
        assert!(limiter.memory_growing(0, 40, None).unwrap(), "second memory");
        let error = limiter.memory_growing(0, 40, None).unwrap_err();
        assert_eq!(error.downcast_ref::<LimitExceeded>(), Some(&LimitExceeded::Memory(100)));
        assert!(limiter.memory_growing(40, 60, None).unwrap(), "growing one memory counts only the growth");
        assert_eq!(limiter.memory_used(), 100);
    }

    /// A core module defining one memory of `pages` pages.
    fn module_with_memory(pages: u64) -> Vec<u8> {
        let mut memories = wasm_encoder::MemorySection::new();
        memories.memory(wasm_encoder::MemoryType {
            minimum: pages,
            maximum: None,
            memory64: false,
            shared: false,
            page_size_log2: None,
        });
        let mut module = wasm_encoder::Module::new();
        module.section(&memories);
        module.finish()
    }

    #[test]
    fn separate_instances_in_one_store_share_the_memory_limit() {
        let engine = wasmtime::Engine::default();
        let module = wasmtime::Module::new(&engine, module_with_memory(30)).unwrap();
        let mut store = wasmtime::Store::new(&engine, PluginLimiter::new(64 << 16));
        store.limiter(|limiter| limiter);
        wasmtime::Instance::new(&mut store, &module, &[]).unwrap();
        wasmtime::Instance::new(&mut store, &module, &[]).unwrap();
        let error = wasmtime::Instance::new(&mut store, &module, &[]).unwrap_err();
        assert_eq!(error.downcast_ref::<LimitExceeded>(), Some(&LimitExceeded::Memory(64 << 16)), "{error:#}");
        assert_eq!(store.data().memory_used(), 60 << 16);
    }

    #[test]
    fn table_elements_are_summed_and_bounded() {
        let mut limiter = PluginLimiter::new(100);
        assert!(limiter.table_growing(0, MAX_TABLE_ELEMENTS - 1, None).unwrap());
        let error = limiter.table_growing(0, 2, None).unwrap_err();
        assert_eq!(error.downcast_ref::<LimitExceeded>(), Some(&LimitExceeded::TableElements(MAX_TABLE_ELEMENTS)));
    }
}
