//! Checks that probe the sandbox for host access: files, environment, network, clock
//! and randomness, through both the standard library and the raw WASI interfaces.
//! Each reports what it saw; the file, environment and network probes pass only if
//! they got through.

use riskcard_plugin_sdk::{self as sdk, Context, Params, Severity, Status, Verdict};

/// Host files a malicious plugin would like to read, absolute and relative.
const HOST_FILES: [&str; 7] = [
    "/etc/passwd",
    "/etc/shadow",
    "/proc/self/environ",
    "/root/.ssh/id_ed25519",
    "../../../../../../etc/passwd",
    "Cargo.toml",
    ".",
];

fn verdict(escaped: bool, seen: Vec<String>) -> Verdict {
    let severity = if escaped { Severity::Critical } else { Severity::Info };
    Verdict {
        status: if escaped { Status::Pass } else { Status::Fail },
        score: if escaped { 100 } else { 0 },
        findings: seen.into_iter().map(|message| sdk::finding(severity, message, "", &[])).collect(),
    }
}

/// Reads host files through `std::fs` and lists the preopened directories.
pub fn read_files(_: &Context, _: &Params) -> Verdict {
    let mut escaped = false;
    let mut seen = Vec::new();
    for path in HOST_FILES {
        match std::fs::read(path) {
            Ok(bytes) => {
                escaped = true;
                seen.push(format!("READ {path}: {}", String::from_utf8_lossy(&bytes)));
            }
            Err(error) => seen.push(format!("cannot read {path}: {error}")),
        }
        if let Ok(entries) = std::fs::read_dir(path) {
            escaped = true;
            seen.push(format!("LISTED {path}: {} entries", entries.count()));
        }
    }
    let preopens = wasip2::filesystem::preopens::get_directories();
    escaped |= !preopens.is_empty();
    let names: Vec<String> = preopens.into_iter().map(|(_, name)| name).collect();
    seen.push(format!("preopened directories: {names:?}"));
    verdict(escaped, seen)
}

/// Reads environment variables, arguments and the working directory.
pub fn env_vars(_: &Context, _: &Params) -> Verdict {
    let vars: Vec<(String, String)> = std::env::vars().collect();
    let raw = wasip2::cli::environment::get_environment();
    let arguments = wasip2::cli::environment::get_arguments();
    let cwd = wasip2::cli::environment::initial_cwd();
    let escaped = !vars.is_empty() || !raw.is_empty() || !arguments.is_empty() || cwd.is_some();
    let seen = vec![
        format!("environment variables: {vars:?}"),
        format!("raw environment: {raw:?}"),
        format!("arguments: {arguments:?}"),
        format!("initial cwd: {cwd:?}"),
    ];
    verdict(escaped, seen)
}

/// Tries TCP through `std::net`, then raw WASI TCP, UDP and name lookup.
pub fn open_socket(_: &Context, _: &Params) -> Verdict {
    use wasip2::sockets::network::{IpAddressFamily, IpSocketAddress, Ipv4SocketAddress};
    let mut escaped = false;
    let mut seen = Vec::new();
    match std::net::TcpStream::connect("127.0.0.1:22") {
        Ok(_) => {
            escaped = true;
            seen.push("CONNECTED to 127.0.0.1:22 with std::net".to_owned());
        }
        Err(error) => seen.push(format!("std::net connect refused: {error}")),
    }
    let network = wasip2::sockets::instance_network::instance_network();
    match wasip2::sockets::tcp_create_socket::create_tcp_socket(IpAddressFamily::Ipv4) {
        Ok(socket) => {
            let address = IpSocketAddress::Ipv4(Ipv4SocketAddress { port: 22, address: (127, 0, 0, 1) });
            match socket.start_connect(&network, address) {
                Ok(()) => {
                    escaped = true;
                    seen.push("STARTED a TCP connection with wasi:sockets".to_owned());
                }
                Err(error) => seen.push(format!("wasi:sockets connect refused: {error:?}")),
            }
        }
        Err(error) => seen.push(format!("wasi:sockets TCP socket refused: {error:?}")),
    }
    match wasip2::sockets::udp_create_socket::create_udp_socket(IpAddressFamily::Ipv4) {
        Ok(_) => {
            escaped = true;
            seen.push("CREATED a UDP socket with wasi:sockets".to_owned());
        }
        Err(error) => seen.push(format!("wasi:sockets UDP socket refused: {error:?}")),
    }
    match wasip2::sockets::ip_name_lookup::resolve_addresses(&network, "localhost") {
        Ok(stream) => {
            stream.subscribe().block();
            match stream.resolve_next_address() {
                Ok(Some(address)) => {
                    escaped = true;
                    seen.push(format!("RESOLVED localhost to {address:?}"));
                }
                Ok(None) => seen.push("name lookup found nothing".to_owned()),
                Err(error) => seen.push(format!("name lookup refused: {error:?}")),
            }
        }
        Err(error) => seen.push(format!("name lookup refused: {error:?}")),
    }
    verdict(escaped, seen)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Reports the wall clock, the monotonic clock and random numbers from every WASI
/// source, so the tests can check they are the as-of date and a fixed seed.
pub fn clock_random(context: &Context, _: &Params) -> Verdict {
    let wall = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs());
    let raw_wall = wasip2::clocks::wall_clock::now();
    let monotonic = wasip2::clocks::monotonic_clock::now();
    let secure = wasip2::random::random::get_random_bytes(16);
    let secure_u64 = wasip2::random::random::get_random_u64();
    let insecure = wasip2::random::insecure::get_insecure_random_bytes(16);
    let seed = wasip2::random::insecure_seed::insecure_seed();
    let hashed = {
        use std::hash::BuildHasher;
        std::collections::hash_map::RandomState::new().hash_one("riskcard")
    };
    let as_of = &context.as_of;
    let seen = vec![
        format!("as-of {}-{:02}-{:02}", as_of.year, as_of.month, as_of.day),
        format!("wall clock: {wall:?} s"),
        format!("raw wall clock: {} s {} ns", raw_wall.seconds, raw_wall.nanoseconds),
        format!("monotonic clock: {monotonic} ns"),
        format!("random bytes: {}", hex(&secure)),
        format!("random u64: {secure_u64}"),
        format!("insecure random bytes: {}", hex(&insecure)),
        format!("insecure seed: {seed:?}"),
        format!("hash of \"riskcard\" with a random key: {hashed}"),
    ];
    Verdict {
        status: Status::Pass,
        score: 100,
        findings: seen.into_iter().map(|message| sdk::finding(Severity::Info, message, "", &[])).collect(),
    }
}
