//! Private copies: age encryption with a passphrase (scrypt recipient), through the `age` crate.
//!
//! An encrypted export or backup is an ordinary age file (`age-encryption.org/v1` header), so the
//! `age` command-line tool can open it too (`age -d file`). The passphrase is never stored.

use std::io::{self, BufRead, BufReader, Read, Write};

use age::secrecy::SecretString;

/// The first bytes of every age file (binary form).
pub const MAGIC: &[u8] = b"age-encryption.org/v1";

/// A passphrase held in memory only as long as it is needed.
pub struct Passphrase(SecretString);

impl Passphrase {
    pub fn new(s: String) -> Passphrase {
        Passphrase(SecretString::from(s))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("wrong passphrase: this file was encrypted with another one")]
    WrongPassphrase,
    #[error(
        "this file is encrypted to a key, not with a passphrase; open it with 'age -d -i KEYFILE'"
    )]
    NotPassphrase,
    #[error("the encrypted file is damaged or incomplete ({0})")]
    Damaged(String),
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// True when `head` starts like an age file.
pub fn is_encrypted(head: &[u8]) -> bool {
    head.starts_with(MAGIC)
}

/// True when the file at `path` is an age file.
pub fn file_is_encrypted(path: &std::path::Path) -> io::Result<bool> {
    let mut head = [0u8; 21];
    let mut f = std::fs::File::open(path)?;
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(is_encrypted(&head[..n]))
}

/// Encrypts everything written to the returned writer into `out`; call `finish` at the end (without
/// it the file is incomplete and will not decrypt).
pub fn encrypt_to<W: Write>(out: W, pass: &Passphrase) -> io::Result<age::stream::StreamWriter<W>> {
    let mut r = age::scrypt::Recipient::new(pass.0.clone());
    r.set_work_factor(WORK_FACTOR);
    age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient))
        .map_err(io::Error::other)?
        .wrap_output(out)
}

/// The scrypt work factor (N = 2^18: 256 MiB, about a second on a laptop) of every file made here.
/// It is fixed rather than timed on the spot (the age default), because a file encrypted while the
/// machine was idle must still open while it is busy, or on a slower machine: age refuses a file
/// whose factor is more than 4 above what it measures at decryption time.
const WORK_FACTOR: u8 = 18;

/// The largest work factor accepted when decrypting (2^21: 2 GiB, a few seconds): room for files
/// that age itself or an earlier version of this program timed on a faster machine, while a
/// damaged or hostile header still cannot ask for hours of work.
const MAX_WORK_FACTOR: u8 = 21;

/// Encrypts a whole buffer.
pub fn encrypt(plain: &[u8], pass: &Passphrase) -> io::Result<Vec<u8>> {
    let mut w = encrypt_to(Vec::with_capacity(plain.len() + 256), pass)?;
    w.write_all(plain)?;
    w.finish()
}

/// A reader of the plaintext of an age file, after checking the passphrase.
pub fn decrypt_from<R: Read>(input: R, pass: &Passphrase) -> Result<impl Read, CryptoError> {
    let d = age::Decryptor::new_buffered(BufReader::new(input)).map_err(map_err)?;
    if !d.is_scrypt() {
        return Err(CryptoError::NotPassphrase);
    }
    let mut id = age::scrypt::Identity::new(pass.0.clone());
    id.set_max_work_factor(MAX_WORK_FACTOR);
    d.decrypt(std::iter::once(&id as &dyn age::Identity))
        .map_err(map_err)
}

/// Decrypts a whole buffer.
pub fn decrypt(cipher: &[u8], pass: &Passphrase) -> Result<Vec<u8>, CryptoError> {
    let mut r = decrypt_from(cipher, pass)?;
    let mut out = Vec::new();
    r.read_to_end(&mut out)
        .map_err(|e| CryptoError::Damaged(e.to_string()))?;
    Ok(out)
}

fn map_err(e: age::DecryptError) -> CryptoError {
    use age::DecryptError as E;
    match e {
        E::DecryptionFailed | E::KeyDecryptionFailed | E::NoMatchingKeys => {
            CryptoError::WrongPassphrase
        }
        E::Io(io) => CryptoError::Io(io),
        other => CryptoError::Damaged(other.to_string()),
    }
}

/// Decrypts `input` into `out` in chunks (bounded memory for large exports and backups).
pub fn decrypt_into<R: Read, W: Write>(
    input: R,
    out: &mut W,
    pass: &Passphrase,
) -> Result<u64, CryptoError> {
    let r = decrypt_from(input, pass)?;
    let mut r = BufReader::new(r);
    let mut total = 0u64;
    loop {
        let buf = r
            .fill_buf()
            .map_err(|e| CryptoError::Damaged(e.to_string()))?;
        if buf.is_empty() {
            break;
        }
        let n = buf.len();
        out.write_all(buf)?;
        r.consume(n);
        total += n as u64;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scrypt stanza's work factor, read from the header (`-> scrypt SALT LOG_N`).
    fn header_work_factor(c: &[u8]) -> Option<u8> {
        let text = String::from_utf8_lossy(&c[..c.len().min(200)]).into_owned();
        let line = text.lines().find(|l| l.starts_with("-> scrypt "))?;
        line.rsplit(' ').next()?.parse().ok()
    }

    #[test]
    fn the_work_factor_is_fixed_and_a_hostile_one_is_refused_before_any_work() {
        let pass = Passphrase::new("correct horse".into());
        let c = encrypt(b"x", &pass).unwrap();
        assert_eq!(header_work_factor(&c), Some(WORK_FACTOR));
        // The same file claiming 2^30 (hours and 128 GiB) is refused at once as damaged.
        let text = String::from_utf8_lossy(&c).into_owned();
        let line = text.lines().find(|l| l.starts_with("-> scrypt ")).unwrap();
        let hostile = line.replace(" 18", " 30");
        let mut forged = c.clone();
        let at = c
            .windows(line.len())
            .position(|w| w == line.as_bytes())
            .unwrap();
        forged.splice(at..at + line.len(), hostile.bytes());
        assert!(matches!(
            decrypt(&forged, &pass),
            Err(CryptoError::Damaged(_))
        ));
    }

    #[test]
    fn round_trip_wrong_passphrase_and_no_plaintext() {
        let secret = b"dizzy and slurring words after the 20:00 dose";
        let pass = Passphrase::new("correct horse".into());
        let c = encrypt(secret, &pass).unwrap();
        assert!(is_encrypted(&c));
        assert!(
            !c.windows(5).any(|w| w == b"dizzy"),
            "no plaintext in the encrypted file"
        );
        assert_eq!(decrypt(&c, &pass).unwrap(), secret);
        let wrong = Passphrase::new("battery staple".into());
        assert!(matches!(
            decrypt(&c, &wrong),
            Err(CryptoError::WrongPassphrase)
        ));
        // A cut-off file is damaged, not a wrong passphrase.
        let cut = &c[..c.len() - 10];
        assert!(matches!(decrypt(cut, &pass), Err(CryptoError::Damaged(_))));
    }
}
