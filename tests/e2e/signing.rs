//! Signatures: `riskcard plugin keygen | sign | verify`, detached `.sig` files, a trust
//! policy of publisher keys, and `--require-signed`, which refuses unsigned plugins and
//! plugins signed by untrusted keys (exit 2, no scorecard) while the embedded
//! first-party plugins stay trusted by construction.

use std::path::{Path, PathBuf};

use crate::bad_input::{GOOD_DOSSIER, baseline, refused};
use crate::support::{files_in, plugin_dir, riskcard, write};

/// Makes a key pair at `dir/name.{key,pub}` and returns the secret key path and the public key.
pub fn keygen(dir: &Path, name: &str) -> (PathBuf, String) {
    let prefix = dir.join(name);
    let run = riskcard(["plugin".as_ref(), "keygen".as_ref(), "--out".as_ref(), prefix.as_os_str()]);
    assert_eq!(run.code, 0, "{run:?}");
    let public = std::fs::read_to_string(dir.join(format!("{name}.pub"))).unwrap().trim().to_owned();
    assert!(public.starts_with("ed25519:") && public.len() == 8 + 64, "{public}");
    assert!(run.stdout.contains(&public), "{}", run.stdout);
    let secret = dir.join(format!("{name}.key"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&secret).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the secret key is readable by its owner only");
    }
    (secret, public)
}

fn sign(plugin: &Path, key: &Path) {
    let run = riskcard(["plugin".as_ref(), "sign".as_ref(), plugin.as_os_str(), "--key".as_ref(), key.as_os_str()]);
    assert_eq!(run.code, 0, "{run:?}");
}

/// A trust policy trusting `key` as "Acme Labs".
pub fn policy(dir: &Path, key: &str) -> PathBuf {
    write(dir, "trust.toml", &format!("[[publisher]]\nname = \"Acme Labs\"\nkey = \"{key}\"\n"))
}

/// Assesses the good dossier with `plugins` (if any), `--require-signed` and `trust`.
fn assess_signed(dir: &Path, plugins: Option<&Path>, trust: Option<&Path>) -> (crate::support::Run, Vec<String>) {
    let dossier = write(dir, "acme.toml", GOOD_DOSSIER);
    let out = dir.join("out");
    let rubric = baseline();
    let mut args = vec![
        "assess".as_ref(),
        dossier.as_os_str(),
        "--rubric".as_ref(),
        rubric.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--require-signed".as_ref(),
    ];
    if let Some(plugins) = plugins {
        args.extend(["--plugins".as_ref(), plugins.as_os_str()]);
    }
    if let Some(trust) = trust {
        args.extend(["--trust".as_ref(), trust.as_os_str()]);
    }
    let run = riskcard(args);
    let written = files_in(&out);
    (run, written)
}

#[test]
fn a_plugin_signed_by_a_trusted_publisher_loads_under_require_signed() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = plugin_dir(&["hostile"]);
    let plugin = plugins.path().join("hostile.wasm");
    let (key, public) = keygen(dir.path(), "acme");
    sign(&plugin, &key);
    assert!(plugins.path().join("hostile.wasm.sig").is_file(), "the signature sits next to the plugin");
    let trust = policy(dir.path(), &public);

    let verify =
        riskcard(["plugin".as_ref(), "verify".as_ref(), plugin.as_os_str(), "--trust".as_ref(), trust.as_os_str()]);
    assert_eq!(verify.code, 0, "{verify:?}");
    assert!(verify.stdout.contains("signed by trusted publisher \"Acme Labs\""), "{}", verify.stdout);
    let inspect =
        riskcard(["plugin".as_ref(), "inspect".as_ref(), plugin.as_os_str(), "--trust".as_ref(), trust.as_os_str()]);
    assert!(
        inspect.stdout.contains(&format!("signature:   signed by trusted publisher \"Acme Labs\" ({public})")),
        "{inspect:?}"
    );

    let (run, written) = assess_signed(dir.path(), Some(plugins.path()), Some(&trust));
    assert!(run.code <= 1, "{run:?}");
    assert_eq!(written, ["acme.html", "acme.json"]);
}

#[test]
fn an_unsigned_plugin_under_require_signed_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = plugin_dir(&["hostile"]);
    let (_, public) = keygen(dir.path(), "acme");
    let trust = policy(dir.path(), &public);
    let (run, written) = assess_signed(dir.path(), Some(plugins.path()), Some(&trust));
    assert_eq!(run.code, 2, "{run:?}");
    assert!(written.is_empty(), "no scorecard is written: {written:?}");
    assert!(run.stderr.contains("hostile.wasm: plugin refused by --require-signed: it is unsigned"), "{}", run.stderr);
    assert!(run.stderr.contains("riskcard plugin sign"), "{}", run.stderr);
}

/// Regression (#16): a plugin copied without its `.sig` was called "unsigned; sign it"
/// with no word of the signature left behind.
#[test]
fn a_plugin_copied_without_its_signature_is_told_to_copy_the_sig() {
    let dir = tempfile::tempdir().unwrap();
    let built = plugin_dir(&["hostile"]);
    let (key, public) = keygen(dir.path(), "acme");
    sign(&built.path().join("hostile.wasm"), &key);
    let plugins = dir.path().join("plugins");
    std::fs::create_dir(&plugins).unwrap();
    std::fs::copy(built.path().join("hostile.wasm"), plugins.join("hostile.wasm")).unwrap();
    let trust = policy(dir.path(), &public);
    let (run, written) = assess_signed(dir.path(), Some(&plugins), Some(&trust));
    assert_eq!(run.code, 2, "{run:?}");
    assert!(written.is_empty());
    let sig = plugins.join("hostile.wasm.sig");
    assert!(
        run.stderr.contains(&format!("it is unsigned: there is no signature file {} beside it", sig.display())),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("copy the signature too: `cp path/to/hostile.wasm.sig {}/`", plugins.display())),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("`riskcard plugin sign {} --key YOUR.key`", plugins.join("hostile.wasm").display())),
        "{}",
        run.stderr
    );
}

/// Regression (#16): `sign --key` given the public key said "invalid secret key: key
/// with no value, expected `=`".
#[test]
fn signing_with_the_public_key_names_the_secret_one() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = plugin_dir(&["hostile"]);
    let plugin = plugins.path().join("hostile.wasm");
    let (secret, public) = keygen(dir.path(), "acme");
    let public_file = dir.path().join("acme.pub");
    let run =
        riskcard(["plugin".as_ref(), "sign".as_ref(), plugin.as_os_str(), "--key".as_ref(), public_file.as_os_str()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains(&format!("this is a public key ({public}), not a secret key")), "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("`riskcard plugin sign {} --key {}`", plugin.display(), secret.display())),
        "{}",
        run.stderr
    );
    assert!(!plugins.path().join("hostile.wasm.sig").exists());
}

/// Regression (#16): `--help` did not say what a trust policy file holds.
#[test]
fn the_help_of_trust_shows_the_trust_policy_format() {
    for args in [&["assess", "--help"][..], &["plugin", "verify", "--help"], &["rubric", "check", "--help"]] {
        let run = riskcard(args);
        assert_eq!(run.code, 0, "{run:?}");
        for line in ["[[publisher]]", "name = \"Acme Labs\"", "key = \"ed25519:", "riskcard plugin keygen --out"] {
            assert!(run.stdout.contains(line), "{args:?} --help lacks {line}:\n{}", run.stdout);
        }
    }
}

#[test]
fn a_plugin_signed_by_an_untrusted_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = plugin_dir(&["hostile"]);
    let (_, trusted) = keygen(dir.path(), "acme");
    let (stranger, stranger_public) = keygen(dir.path(), "stranger");
    sign(&plugins.path().join("hostile.wasm"), &stranger);
    let trust = policy(dir.path(), &trusted);
    let (run, written) = assess_signed(dir.path(), Some(plugins.path()), Some(&trust));
    assert_eq!(run.code, 2, "{run:?}");
    assert!(written.is_empty());
    assert!(
        run.stderr.contains(&format!(
            "signed by {stranger_public}, which the trust policy {} does not list",
            trust.display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "if you trust that publisher, add its key: `printf '[[publisher]]\\nname = \"PUBLISHER\"\\nkey = \"{stranger_public}\"\\n' >> {}`",
            trust.display()
        )),
        "{}",
        run.stderr
    );
    let verify = riskcard([
        "plugin".as_ref(),
        "verify".as_ref(),
        plugins.path().join("hostile.wasm").as_os_str(),
        "--trust".as_ref(),
        trust.as_os_str(),
    ]);
    assert_eq!(verify.code, 2, "{verify:?}");
}

#[test]
fn a_plugin_changed_after_signing_is_refused_even_without_require_signed() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = plugin_dir(&["hostile"]);
    let plugin = plugins.path().join("hostile.wasm");
    let (key, public) = keygen(dir.path(), "acme");
    sign(&plugin, &key);
    let mut bytes = std::fs::read(&plugin).unwrap();
    bytes.extend_from_slice(b"\0\x07payload");
    std::fs::write(&plugin, bytes).unwrap();
    let dossier = write(dir.path(), "acme.toml", GOOD_DOSSIER);
    let stderr = refused(dir.path(), &dossier, &baseline(), Some(plugins.path()));
    // Regression (#16): this said only "altered", not what to do after a rebuild.
    assert!(
        stderr.contains("plugin refused, with or without --require-signed: it changed after it was signed"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "if you rebuilt it, sign it again with the secret key of {public}: `riskcard plugin sign {} --key YOUR.key`",
            plugin.display()
        )),
        "{stderr}"
    );
}

#[test]
fn embedded_plugins_are_trusted_by_construction() {
    let dir = tempfile::tempdir().unwrap();
    let (run, written) = assess_signed(dir.path(), None, None);
    assert!(run.code <= 1, "{run:?}");
    assert_eq!(written, ["acme.html", "acme.json"]);
}

#[test]
fn require_signed_without_a_trust_policy_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = plugin_dir(&["hostile"]);
    let (key, public) = keygen(dir.path(), "acme");
    sign(&plugins.path().join("hostile.wasm"), &key);
    let (run, written) = assess_signed(dir.path(), Some(plugins.path()), None);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(written.is_empty());
    // Regression (#16): this said the key was one "the trust policy does not list", and
    // to sign the plugin, which was signed.
    assert!(
        run.stderr.contains(&format!(
            "it is signed by {public}, but no --trust policy was given, so no publisher is trusted"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("then add `--trust trust.toml`"), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("key = \"{public}\"")), "{}", run.stderr);
}

#[test]
fn keygen_never_overwrites_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = keygen(dir.path(), "acme");
    let before = std::fs::read(&key).unwrap();
    let again = riskcard(["plugin".as_ref(), "keygen".as_ref(), "--out".as_ref(), dir.path().join("acme").as_os_str()]);
    assert_eq!(again.code, 2, "{again:?}");
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(std::fs::read(&key).unwrap(), before);
}

#[test]
fn a_trust_policy_with_a_bad_key_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let trust = write(dir.path(), "trust.toml", "[[publisher]]\nname = \"X\"\nkey = \"ed25519:nothex\"\n");
    let (run, written) = assess_signed(dir.path(), None, Some(&trust));
    assert_eq!(run.code, 2, "{run:?}");
    assert!(written.is_empty());
    assert!(run.stderr.contains("trust.toml: `ed25519:nothex` is not an ed25519 key"), "{}", run.stderr);
    assert!(run.stderr.contains("publisher[0].key"), "{}", run.stderr);
}
