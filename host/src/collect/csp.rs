//! Judging a login page's Content-Security-Policy on what it does, not on its presence:
//! a policy counts when it restricts where scripts come from (`script-src`, or
//! `default-src` in its absence) with no wildcard or scheme-wide source, no effective
//! `'unsafe-inline'` and no `'unsafe-eval'`. What falls short is said in notes.

/// Sources that let scripts come from anywhere (or any https host, or inline data).
const WIDE_SOURCES: [&str; 5] = ["*", "http:", "https:", "data:", "blob:"];

/// How a page's enforced policies restrict scripts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CspJudgement {
    /// At least one policy restricts script sources well.
    pub restricts_scripts: bool,
    /// What each policy that does not lacks, one note per policy.
    pub shortfalls: Vec<String>,
}

/// The source list of directive `name` in `policy`, lowercased; the first one wins, as in browsers.
fn directive(policy: &str, name: &str) -> Option<Vec<String>> {
    policy.split(';').find_map(|directive| {
        let mut tokens = directive.split_whitespace();
        tokens
            .next()
            .filter(|directive_name| directive_name.eq_ignore_ascii_case(name))
            .map(|_| tokens.map(str::to_ascii_lowercase).collect())
    })
}

/// What is wrong with one policy's script sources, empty when nothing is.
fn script_shortfalls(policy: &str) -> Vec<String> {
    let Some((name, sources)) = directive(policy, "script-src")
        .map(|sources| ("script-src", sources))
        .or_else(|| directive(policy, "default-src").map(|sources| ("default-src", sources)))
    else {
        return vec!["has neither script-src nor default-src, so scripts are not restricted".to_owned()];
    };
    let mut shortfalls = Vec::new();
    let wide: Vec<&str> = sources.iter().map(String::as_str).filter(|source| WIDE_SOURCES.contains(source)).collect();
    if !wide.is_empty() {
        shortfalls.push(format!("{name} allows scripts from anywhere ({})", wide.join(" ")));
    }
    // A nonce, a hash or 'strict-dynamic' make browsers ignore 'unsafe-inline'.
    let inline_neutralised = sources.iter().any(|source| {
        source.starts_with("'nonce-")
            || source.starts_with("'sha256-")
            || source.starts_with("'sha384-")
            || source.starts_with("'sha512-")
            || source == "'strict-dynamic'"
    });
    if sources.iter().any(|source| source == "'unsafe-inline'") && !inline_neutralised {
        shortfalls.push(format!("{name} allows inline scripts ('unsafe-inline')"));
    }
    if sources.iter().any(|source| source == "'unsafe-eval'") {
        shortfalls.push(format!("{name} allows eval ('unsafe-eval')"));
    }
    shortfalls
}

/// Judges the enforced policies a page sent (one per header line).
pub fn judge(policies: &[&str]) -> CspJudgement {
    let mut restricts_scripts = false;
    let mut shortfalls = Vec::new();
    for policy in policies {
        let found = script_shortfalls(policy);
        if found.is_empty() {
            restricts_scripts = true;
        } else {
            shortfalls.push(format!("Content-Security-Policy `{}` {}", policy.trim(), found.join("; ")));
        }
    }
    CspJudgement { restricts_scripts, shortfalls }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_restricting_scripts_counts() {
        for policy in [
            "default-src 'self'; frame-ancestors 'none'",
            "script-src 'self' https://cdn.acme.example; object-src 'none'",
            "script-src 'nonce-r4nd0m' 'unsafe-inline' 'strict-dynamic'; base-uri 'none'",
            "DEFAULT-SRC 'SELF'",
        ] {
            assert_eq!(judge(&[policy]), CspJudgement { restricts_scripts: true, shortfalls: Vec::new() }, "{policy}");
        }
    }

    #[test]
    fn presence_alone_does_not_count_and_each_shortfall_is_named() {
        let judged = judge(&["upgrade-insecure-requests;"]);
        assert!(!judged.restricts_scripts);
        assert_eq!(
            judged.shortfalls,
            [
                "Content-Security-Policy `upgrade-insecure-requests;` has neither script-src nor default-src, so scripts are not restricted"
            ]
        );
        let judged = judge(&["default-src * 'unsafe-inline' 'unsafe-eval'; img-src data:"]);
        assert!(!judged.restricts_scripts);
        assert_eq!(
            judged.shortfalls,
            [
                "Content-Security-Policy `default-src * 'unsafe-inline' 'unsafe-eval'; img-src data:` default-src allows scripts from anywhere (*); default-src allows inline scripts ('unsafe-inline'); default-src allows eval ('unsafe-eval')"
            ]
        );
        let judged = judge(&["default-src 'self'; script-src https: 'self'"]);
        assert_eq!(judged.shortfalls.len(), 1, "script-src wins over default-src: {:?}", judged.shortfalls);
        assert!(judged.shortfalls[0].ends_with("script-src allows scripts from anywhere (https:)"));
    }

    #[test]
    fn one_good_policy_among_several_is_enough() {
        let judged = judge(&["upgrade-insecure-requests", "script-src 'self'"]);
        assert!(judged.restricts_scripts);
        assert_eq!(judged.shortfalls.len(), 1, "the weak one is still noted");
    }
}
