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
    age::Encryptor::with_user_passphrase(pass.0.clone()).wrap_output(out)
}

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
    // age caps the work it accepts at 16 times what this machine does in about a second,
    // measured now: on a busy or slower machine than the one that wrote the file, a good
    // backup was refused as damaged (and a wrong passphrase was not named as one). The files
    // read here are the user's own, so the cap is fixed at 2^22 (a few seconds, 4 GiB at most).
    id.set_max_work_factor(22);
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
