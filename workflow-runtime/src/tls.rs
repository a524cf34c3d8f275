//! The TLS crypto provider that the `rustls-*` features choose.
//!
//! With `rustls-ring` alone, reqwest is built with `rustls-no-provider`: it takes rustls'
//! process-wide default provider and panics when none is installed. This installs ring's,
//! unless the application installed one of its own first (which then wins). With
//! `rustls-aws-lc-rs`, reqwest falls back to aws-lc-rs by itself and nothing is installed.

/// Makes sure reqwest finds a crypto provider; call before building a `reqwest::Client`.
pub(crate) fn ensure_crypto_provider() {
    #[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc-rs")))]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race against another thread installing one is fine: one is installed.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}
