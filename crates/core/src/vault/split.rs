//! Values larger than one credential entry may hold.
//!
//! Windows Credential Manager refuses blobs over 2560 bytes, and OAuth tokens
//! are not guaranteed to be short. A value up to [`PART_SIZE`] bytes is
//! stored as is. A larger one goes into numbered part entries
//! (`<name>.part.<generation>.<i>`) and the main entry holds only the header
//! `aurora-split:v1:<generation>:<count>`.
//!
//! The parts of a new value are written under a fresh generation *before*
//! the header switches to it, and the old generation's parts are deleted
//! after: a process stopped half-way leaves the old value or the new one
//! readable, never a mix (at worst some unreferenced parts remain).

use rand::Rng;

use super::backend::SecretBackend;
use super::error::VaultError;

/// Bytes per entry: below Windows' 2560-byte limit with room to spare.
pub const PART_SIZE: usize = 2048;
/// At most this many parts (128 KiB), which bounds what a corrupt header can make us read.
pub const MAX_PARTS: usize = 64;

const HEADER_PREFIX: &str = "aurora-split:v1:";

#[derive(Debug, Clone, PartialEq, Eq)]
struct Header {
    generation: String,
    count: usize,
}

impl Header {
    fn encode(&self) -> String {
        format!("{HEADER_PREFIX}{}:{}", self.generation, self.count)
    }

    /// `None` when `bytes` is a plain value; an error when it starts like a
    /// header but is not one.
    fn decode(bytes: &[u8]) -> Result<Option<Header>, VaultError> {
        let Some(rest) = bytes.strip_prefix(HEADER_PREFIX.as_bytes()) else {
            return Ok(None);
        };
        let corrupt = || VaultError::Corrupt {
            what: "the index of its parts is damaged".into(),
        };
        let rest = std::str::from_utf8(rest).map_err(|_| corrupt())?;
        let (generation, count) = rest.split_once(':').ok_or_else(corrupt)?;
        let count: usize = count.parse().map_err(|_| corrupt())?;
        let valid_generation =
            !generation.is_empty() && generation.len() <= 16 && generation.bytes().all(|b| b.is_ascii_hexdigit());
        if !valid_generation || count == 0 || count > MAX_PARTS {
            return Err(corrupt());
        }
        Ok(Some(Header {
            generation: generation.to_owned(),
            count,
        }))
    }

    fn part_names<'a>(&'a self, name: &'a str) -> impl Iterator<Item = String> + 'a {
        (0..self.count).map(move |i| format!("{name}.part.{}.{i}", self.generation))
    }
}

pub fn write(backend: &dyn SecretBackend, name: &str, value: &[u8]) -> Result<(), VaultError> {
    if value.len() > PART_SIZE * MAX_PARTS {
        return Err(VaultError::Failed {
            detail: format!("{} bytes is more than Aurora stores in one keyring value", value.len()),
        });
    }
    let old = current_header(backend, name)?;
    if value.len() <= PART_SIZE && !value.starts_with(HEADER_PREFIX.as_bytes()) {
        backend.write(name, value)?;
    } else {
        let header = Header {
            generation: format!("{:08x}", rand::thread_rng().gen::<u32>()),
            count: value.len().div_ceil(PART_SIZE).max(1),
        };
        for (part_name, chunk) in header.part_names(name).zip(value.chunks(PART_SIZE)) {
            backend.write(&part_name, chunk)?;
        }
        backend.write(name, header.encode().as_bytes())?;
    }
    if let Some(old) = old {
        remove_parts(backend, name, &old);
    }
    Ok(())
}

pub fn read(backend: &dyn SecretBackend, name: &str) -> Result<Option<Vec<u8>>, VaultError> {
    let Some(head) = backend.read(name)? else {
        return Ok(None);
    };
    let Some(header) = Header::decode(&head)? else {
        return Ok(Some(head));
    };
    let mut value = Vec::with_capacity(header.count * PART_SIZE);
    for part_name in header.part_names(name) {
        let part = backend.read(&part_name)?.ok_or_else(|| VaultError::Corrupt {
            what: "one of its parts is missing".into(),
        })?;
        value.extend_from_slice(&part);
    }
    Ok(Some(value))
}

/// Deletes the value and its parts; returns whether there was one.
pub fn remove(backend: &dyn SecretBackend, name: &str) -> Result<bool, VaultError> {
    // A damaged header must not prevent deleting the entry itself.
    let header = current_header(backend, name).unwrap_or(None);
    let existed = backend.remove(name)?;
    if let Some(header) = header {
        remove_parts(backend, name, &header);
    }
    Ok(existed)
}

fn current_header(backend: &dyn SecretBackend, name: &str) -> Result<Option<Header>, VaultError> {
    match backend.read(name)? {
        Some(bytes) => Ok(Header::decode(&bytes).unwrap_or(None)),
        None => Ok(None),
    }
}

/// Best effort: a part left behind is unreferenced and harmless.
fn remove_parts(backend: &dyn SecretBackend, name: &str, header: &Header) {
    for part_name in header.part_names(name) {
        if let Err(e) = backend.remove(&part_name) {
            tracing::warn!(error = %e, "could not delete an old part of a keyring value");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::backend::MemoryBackend;

    #[test]
    fn small_values_use_one_entry() {
        let b = MemoryBackend::new();
        write(&b, "c1", b"{\"a\":1}").unwrap();
        assert_eq!(b.names(), vec!["c1"]);
        assert_eq!(read(&b, "c1").unwrap().unwrap(), b"{\"a\":1}");
        assert!(remove(&b, "c1").unwrap());
        assert!(!remove(&b, "c1").unwrap());
        assert_eq!(read(&b, "c1").unwrap(), None);
    }

    #[test]
    fn large_values_are_split_below_the_windows_limit_and_replaced_cleanly() {
        let b = MemoryBackend::new();
        let big: Vec<u8> = (0..5000u32).map(|i| b'a' + (i % 26) as u8).collect();
        write(&b, "c1", &big).unwrap();
        assert_eq!(b.names().len(), 4, "{:?}", b.names());
        for name in b.names() {
            assert!(b.read(&name).unwrap().unwrap().len() <= PART_SIZE);
        }
        assert_eq!(read(&b, "c1").unwrap().unwrap(), big);

        let bigger: Vec<u8> = vec![b'z'; PART_SIZE * 2 + 1];
        write(&b, "c1", &bigger).unwrap();
        assert_eq!(b.names().len(), 4, "old parts are gone: {:?}", b.names());
        assert_eq!(read(&b, "c1").unwrap().unwrap(), bigger);

        write(&b, "c1", b"small").unwrap();
        assert_eq!(b.names(), vec!["c1"]);
        write(&b, "c1", &big).unwrap();
        assert!(remove(&b, "c1").unwrap());
        assert!(b.names().is_empty());
    }

    #[test]
    fn a_value_that_looks_like_a_header_round_trips() {
        let b = MemoryBackend::new();
        write(&b, "c1", b"aurora-split:v1:00000000:1").unwrap();
        assert_eq!(read(&b, "c1").unwrap().unwrap(), b"aurora-split:v1:00000000:1");
    }

    #[test]
    fn missing_parts_and_damaged_headers_are_reported() {
        let b = MemoryBackend::new();
        write(&b, "c1", &vec![b'x'; PART_SIZE + 1]).unwrap();
        let part = b.names().into_iter().find(|n| n.ends_with(".1")).unwrap();
        b.remove(&part).unwrap();
        assert!(matches!(read(&b, "c1"), Err(VaultError::Corrupt { .. })));
        b.write("c2", b"aurora-split:v1:zz:999999").unwrap();
        assert!(matches!(read(&b, "c2"), Err(VaultError::Corrupt { .. })));
        assert!(remove(&b, "c2").unwrap());
    }

    /// Stops working after `budget` writes, like a process killed mid-save.
    struct Crashing {
        inner: MemoryBackend,
        budget: std::sync::atomic::AtomicUsize,
    }

    impl SecretBackend for Crashing {
        fn read(&self, name: &str) -> Result<Option<Vec<u8>>, VaultError> {
            self.inner.read(name)
        }
        fn write(&self, name: &str, secret: &[u8]) -> Result<(), VaultError> {
            use std::sync::atomic::Ordering;
            if self
                .budget
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |b| b.checked_sub(1))
                .is_err()
            {
                return Err(VaultError::Failed {
                    detail: "stopped".into(),
                });
            }
            self.inner.write(name, secret)
        }
        fn remove(&self, name: &str) -> Result<bool, VaultError> {
            self.inner.remove(name)
        }
    }

    #[test]
    fn a_save_stopped_at_any_point_leaves_the_old_or_the_new_value() {
        let old: Vec<u8> = vec![b'o'; PART_SIZE * 2 + 7];
        for new in [vec![b'n'; PART_SIZE * 3 + 1], b"small-new".to_vec()] {
            for budget in 0..6 {
                let b = Crashing {
                    inner: MemoryBackend::new(),
                    budget: usize::MAX.into(),
                };
                write(&b, "c1", &old).unwrap();
                b.budget.store(budget, std::sync::atomic::Ordering::SeqCst);
                let finished = write(&b, "c1", &new).is_ok();
                let read_back = read(&b, "c1").unwrap().unwrap();
                assert!(
                    read_back == old || read_back == new,
                    "budget {budget}: a mix was stored"
                );
                assert_eq!(read_back == new, finished, "budget {budget}");
            }
        }
    }

    #[test]
    fn oversized_values_are_refused() {
        let b = MemoryBackend::new();
        assert!(matches!(
            write(&b, "c1", &vec![0; PART_SIZE * MAX_PARTS + 1]),
            Err(VaultError::Failed { .. })
        ));
    }
}
