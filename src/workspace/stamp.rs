//! A source file's size and content hash (SHA-256), which tell a workspace whether
//! the file it names is still the one it was saved with. Hashes are kept by path,
//! size and modification time, so that saving again does not read gigabytes again.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use sha2::{Digest, Sha256};

/// What a workspace records of a file's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub bytes: u64,
    /// Lowercase hex.
    pub sha256: String,
}

type Key = (PathBuf, u64, Option<SystemTime>);

static KNOWN: Mutex<Option<HashMap<Key, String>>> = Mutex::new(None);

/// The stamp of the file at `path`.
pub fn of(path: &Path) -> std::io::Result<Stamp> {
    let meta = std::fs::metadata(path)?;
    let key = (path.to_path_buf(), meta.len(), meta.modified().ok());
    if let Some(hash) = KNOWN
        .lock()
        .ok()
        .and_then(|k| k.as_ref().and_then(|k| k.get(&key).cloned()))
    {
        return Ok(Stamp {
            bytes: meta.len(),
            sha256: hash,
        });
    }
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        bytes += n as u64;
    }
    let sha256: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if let Ok(mut known) = KNOWN.lock() {
        known
            .get_or_insert_with(HashMap::new)
            .insert(key, sha256.clone());
    }
    Ok(Stamp { bytes, sha256 })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_hash_is_sha256() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("abc");
        std::fs::write(&path, "abc").unwrap();
        let stamp = super::of(&path).unwrap();
        // FIPS 180-2, appendix B.1.
        assert_eq!(
            stamp.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(stamp.bytes, 3);
    }
}
