//! Deterministic slices of a portfolio, so a batch scheduler (a Kubernetes Indexed
//! Job, a CI matrix) can split one run across machines: `--shard K/N` keeps the inputs
//! whose file name hashes to slice K of N.
//!
//! Membership depends only on a file's own name (the SHA-256 of it, modulo N), not on
//! which other files exist or where the portfolio is mounted, so every machine agrees
//! without coordination, adding a vendor never moves another between shards, and the
//! N shards of a portfolio together hold each file exactly once.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use sha2::{Digest, Sha256};

/// Slice `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: u32,
    count: u32,
}

/// Why a `K/N` shard could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a shard; write K/N with 1 <= K <= N, e.g. 2/8")]
pub struct ShardError(String);

impl Shard {
    /// Shard `index` of `count`; `None` unless 1 <= index <= count.
    pub fn new(index: u32, count: u32) -> Option<Self> {
        (1..=count).contains(&index).then_some(Self { index, count })
    }

    /// Whether the input at `path` belongs to this shard (by its file name).
    pub fn contains(&self, path: &Path) -> bool {
        let name = path.file_name().map(|name| name.as_encoded_bytes()).unwrap_or_default();
        let digest = Sha256::digest(name);
        let mut head = [0u8; 8];
        head.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(head) % u64::from(self.count) == u64::from(self.index - 1)
    }
}

impl FromStr for Shard {
    type Err = ShardError;

    fn from_str(text: &str) -> Result<Self, ShardError> {
        let invalid = || ShardError(text.to_owned());
        let (index, count) = text.split_once('/').ok_or_else(invalid)?;
        let parse = |part: &str| part.trim().parse::<u32>().map_err(|_| invalid());
        Self::new(parse(index)?, parse(count)?).ok_or_else(invalid)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn parses_k_of_n_and_refuses_everything_else() {
        assert_eq!("2/3".parse(), Ok(Shard { index: 2, count: 3 }));
        assert_eq!("1/1".parse::<Shard>().map(|s| s.to_string()), Ok("1/1".to_owned()));
        for bad in ["0/3", "4/3", "1/0", "3", "a/b", "-1/3", "1/3/5", "", "/"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn every_file_is_in_exactly_one_shard_and_shards_are_balanced() {
        let files: Vec<PathBuf> = (0..3000).map(|i| PathBuf::from(format!("dir/vendor-{i:06}.toml"))).collect();
        let shards: Vec<Shard> = (1..=3).map(|k| Shard::new(k, 3).unwrap()).collect();
        let mut sizes = [0usize; 3];
        for file in &files {
            let owners: Vec<usize> = (0..3).filter(|&k| shards[k].contains(file)).collect();
            assert_eq!(owners.len(), 1, "{file:?} is in shards {owners:?}");
            sizes[owners[0]] += 1;
        }
        assert!(sizes.iter().all(|&size| (900..1100).contains(&size)), "unbalanced: {sizes:?}");
    }

    #[test]
    fn membership_depends_on_the_file_name_only() {
        let shard = Shard::new(2, 5).unwrap();
        for i in 0..100 {
            let name = format!("vendor-{i}.json");
            assert_eq!(shard.contains(Path::new(&name)), shard.contains(&Path::new("/mnt/other").join(&name)));
        }
    }
}
