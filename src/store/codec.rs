//! Record encoding: one format-version byte, then postcard.
//!
//! The version byte lets a future build migrate or refuse old records
//! instead of misreading them; postcard has a documented, stable wire
//! format (bincode, the usual choice, is unmaintained).

use serde::{de::DeserializeOwned, Serialize};

use crate::error::{Error, Result};

/// Version of the record encoding and key layout written by this build.
pub const FORMAT_VERSION: u8 = 1;

/// Encode a record.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = vec![FORMAT_VERSION];
    // Serialising our own in-memory types to a Vec cannot fail: postcard
    // only errors on unsupported serde features, which the records avoid.
    out.extend(postcard::to_allocvec(value).unwrap_or_default());
    out
}

/// Decode a record; `what` names it in the error if the bytes are bad.
pub fn decode<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T> {
    match bytes.split_first() {
        Some((&FORMAT_VERSION, rest)) => postcard::from_bytes(rest)
            .map_err(|e| Error::corrupt(format!("{what}: cannot decode record: {e}"))),
        Some((v, _)) => Err(Error::corrupt(format!(
            "{what}: record format version {v}, this build reads {FORMAT_VERSION}"
        ))),
        None => Err(Error::corrupt(format!("{what}: empty record"))),
    }
}

/// Encode a vector as little-endian f32s.
pub fn encode_vector(v: &[f32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(v.len() * 4);
    for x in v {
        out.extend_from_slice(&x.to_le_bytes());
    }
    out
}

/// Decode a vector of `dim` little-endian f32s.
pub fn decode_vector(bytes: &[u8], dim: usize, what: &str) -> Result<Vec<f32>> {
    if bytes.len() != dim * 4 {
        return Err(Error::corrupt(format!(
            "{what}: vector has {} bytes, expected {} ({dim} dims)",
            bytes.len(),
            dim * 4
        )));
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect())
}

/// Big-endian key for a u64 id, so keys sort in id order.
pub fn id_key(id: u64) -> [u8; 8] {
    id.to_be_bytes()
}

/// Read a big-endian u64 from the first 8 bytes of a key.
pub fn key_id(key: &[u8]) -> Result<u64> {
    key.get(..8)
        .and_then(|b| b.try_into().ok())
        .map(u64::from_be_bytes)
        .ok_or_else(|| Error::corrupt(format!("key of {} bytes, expected at least 8", key.len())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_and_bad_bytes_are_corruption_not_panics() {
        let v = (42u64, "hello".to_string(), vec![1.5f32]);
        let bytes = encode(&v);
        assert_eq!(bytes[0], FORMAT_VERSION);
        let back: (u64, String, Vec<f32>) = decode(&bytes, "t").unwrap();
        assert_eq!(back, v);
        assert!(matches!(decode::<(u64, String)>(&[], "t"), Err(Error::Corruption(_))));
        assert!(matches!(decode::<(u64, String)>(&[9, 1, 2], "t"), Err(Error::Corruption(_))));
        assert!(matches!(decode::<(u64, String)>(&[FORMAT_VERSION, 0xff], "t"), Err(Error::Corruption(_))));
    }

    #[test]
    fn vectors_round_trip_and_wrong_lengths_are_rejected() {
        let v = vec![0.25f32, -1.0, 3.5];
        assert_eq!(decode_vector(&encode_vector(&v), 3, "v").unwrap(), v);
        assert!(decode_vector(&encode_vector(&v), 4, "v").is_err());
    }
}
