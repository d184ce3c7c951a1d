//! Real OpenSSH servers for the distributed-load tests: `sshd -D` as a child on a
//! 127.0.0.1 port, each with a throwaway host key, one authorized key and its own
//! config in a temporary folder. Nothing of the machine's own SSH setup is read or
//! changed; the client side is an `ssh_config` file the experiment names with
//! `ssh_config`, whose aliases reach these servers.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where Debian's openssh-server puts the daemon.
const SSHD: &str = "/usr/sbin/sshd";

/// Generator hosts (one sshd each) and the client config that reaches them.
pub struct Hosts {
    pub dir: tempfile::TempDir,
    pub servers: Vec<Sshd>,
    /// `ssh -F` this: `Host NAME` for each server.
    pub config: PathBuf,
    /// Dropped after `servers` (fields drop in order): the sshds end first.
    namespaces: Vec<Namespace>,
}

pub struct Sshd {
    pub name: String,
    pub port: u16,
    child: Child,
}

impl Sshd {
    /// Kills this host's sessions (the listener's children): their connections
    /// drop, as when a host or its network goes away mid-run.
    pub fn drop_sessions(&self) {
        let _ = Command::new("pkill")
            .args(["-KILL", "-P", &self.child.id().to_string()])
            .status();
    }

    /// Stops this host's sshd.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Whether this machine can run the tests' sshd.
pub fn available() -> bool {
    Path::new(SSHD).exists()
        && Command::new("ssh")
            .arg("-V")
            .stderr(Stdio::null())
            .status()
            .is_ok()
}

/// Whether sshd can run here; where not, said loudly, and refused under CI
/// (`CI=true`, where `.ci/run` installs it).
fn ssh_ready() -> bool {
    if !available() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must have OpenSSH's server (Debian openssh-server)"
        );
        eprintln!("\n*** SKIPPED: openssh-server is not installed ***\n");
        return false;
    }
    // sshd started by root wants its privilege separation folder (Debian's
    // service creates it at boot; a container may not have it).
    let privsep = Path::new("/run/sshd");
    if !privsep.exists() && user() == "root" {
        let _ = std::fs::create_dir_all(privsep);
    }
    true
}

fn run(cmd: &mut Command) {
    let o = cmd.output().expect("runs");
    assert!(
        o.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn user() -> String {
    let o = Command::new("id").arg("-un").output().unwrap();
    String::from_utf8_lossy(&o.stdout).trim().to_owned()
}

/// Where a test's hosts live.
enum Place {
    /// Each sshd on its own 127.0.0.1 port.
    Loopback,
    /// Each sshd in a network namespace of its own, at `10.213.N.2`, linked to
    /// this machine's `10.213.N.1` by a veth pair.
    Namespaces,
}

/// A network namespace and its veth pair, removed when dropped.
struct Namespace {
    name: String,
}

impl Drop for Namespace {
    fn drop(&mut self) {
        // Deleting the namespace deletes its end of the pair, and so the pair.
        let _ = Command::new("ip")
            .args(["netns", "del", &self.name])
            .status();
    }
}

fn ip(args: &[&str]) -> Result<(), String> {
    let o = Command::new("ip")
        .args(args)
        .output()
        .map_err(|e| format!("ip: {e}"))?;
    if o.status.success() {
        Ok(())
    } else {
        Err(format!(
            "ip {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&o.stderr).trim()
        ))
    }
}

/// The subnet `10.213.N.0/24` of host `i` of this process.
fn subnet(i: usize) -> u8 {
    ((std::process::id() as usize % 60) * 4 + i) as u8
}

/// Makes namespace `i`: its loopback and veth up, `10.213.N.2`, a default route
/// through this machine's end (`10.213.N.1`).
fn namespace(i: usize) -> Result<Namespace, String> {
    let pid = std::process::id() % 10_000;
    let ns = Namespace {
        name: format!("gatebench-test-{pid}-{i}"),
    };
    let (here, there) = (format!("gbh{pid}{i}"), format!("gbg{pid}{i}"));
    let n = subnet(i);
    ip(&["netns", "add", &ns.name])?;
    ip(&["link", "add", &here, "type", "veth", "peer", "name", &there])?;
    ip(&["link", "set", &there, "netns", &ns.name])?;
    ip(&["addr", "add", &format!("10.213.{n}.1/24"), "dev", &here])?;
    ip(&["link", "set", &here, "up"])?;
    let inside = |args: &[&str]| {
        let mut all = vec!["netns", "exec", &ns.name, "ip"];
        all.extend(args);
        ip(&all)
    };
    inside(&["link", "set", "lo", "up"])?;
    inside(&["addr", "add", &format!("10.213.{n}.2/24"), "dev", &there])?;
    inside(&["link", "set", &there, "up"])?;
    inside(&["route", "add", "default", "via", &format!("10.213.{n}.1")])?;
    Ok(ns)
}

impl Hosts {
    /// One sshd per name; `env[i]` are `SetEnv` lines for host `i`'s sessions
    /// (`PATH=...` to give a host other tools). `None` (said loudly) where
    /// openssh-server is not installed, which CI (`CI=true`, where `.ci/run`
    /// installs it) does not accept.
    pub fn start(names: &[&str], env: &[&[&str]]) -> Option<Hosts> {
        if !ssh_ready() {
            return None;
        }
        Some(Hosts::make(names, env, Place::Loopback).expect("loopback hosts start"))
    }

    /// Hosts with addresses of their own (`10.213.N.2`), each sshd in a network
    /// namespace; `None`, said loudly, where namespaces cannot be made (not root,
    /// no CAP_NET_ADMIN). The server their load goes to listens on
    /// [`Hosts::server_address`], this machine's end of the first link.
    pub fn start_in_namespaces(names: &[&str]) -> Option<Hosts> {
        if !ssh_ready() {
            return None;
        }
        match Hosts::make(names, &[], Place::Namespaces) {
            Ok(h) => Some(h),
            Err(e) => {
                eprintln!("\n*** SKIPPED: no network namespaces here ({e}) ***\n");
                None
            }
        }
    }

    /// The address on this machine the namespaced hosts reach.
    pub fn server_address() -> std::net::IpAddr {
        std::net::IpAddr::from([10, 213, subnet(0), 1])
    }

    fn make(names: &[&str], env: &[&[&str]], place: Place) -> Result<Hosts, String> {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let key = d.join("client_key");
        run(Command::new("ssh-keygen")
            .args([
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                "gatebench-test",
                "-f",
            ])
            .arg(&key));
        std::fs::copy(d.join("client_key.pub"), d.join("authorized_keys")).unwrap();
        let mut client = String::new();
        let mut known = String::new();
        let mut servers = Vec::new();
        let mut namespaces = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let host_key = d.join(format!("host_key_{name}"));
            run(Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-f"])
                .arg(&host_key));
            let (address, port) = match place {
                Place::Loopback => ("127.0.0.1".to_owned(), super::free_port()),
                Place::Namespaces => {
                    namespaces.push(namespace(i)?);
                    (format!("10.213.{}.2", subnet(i)), 22)
                }
            };
            let mut config = format!(
                "Port {port}\nListenAddress {address}\nHostKey {}\nAuthorizedKeysFile {}\n\
                 PidFile {}\nStrictModes no\nUsePAM no\nPasswordAuthentication no\n\
                 KbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n\
                 LogLevel ERROR\n",
                host_key.display(),
                d.join("authorized_keys").display(),
                d.join(format!("sshd_{name}.pid")).display()
            );
            for line in env.get(i).copied().unwrap_or_default() {
                config.push_str(&format!("SetEnv {line}\n"));
            }
            let config_path = d.join(format!("sshd_config_{name}"));
            std::fs::write(&config_path, config).unwrap();
            let log_path = d.join(format!("sshd_{name}.log"));
            let log = std::fs::File::create(&log_path).unwrap();
            let mut command = match place {
                Place::Loopback => Command::new(SSHD),
                Place::Namespaces => {
                    let mut c = Command::new("ip");
                    c.args(["netns", "exec", &namespaces[i].name, SSHD]);
                    c
                }
            };
            let child = command
                .args(["-D", "-e", "-f"])
                .arg(&config_path)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .expect("sshd starts");
            let begun = Instant::now();
            while TcpStream::connect((address.as_str(), port)).is_err() {
                assert!(
                    begun.elapsed() < Duration::from_secs(10),
                    "sshd on {address}:{port} did not listen: {}",
                    std::fs::read_to_string(&log_path).unwrap_or_default()
                );
                std::thread::sleep(Duration::from_millis(20));
            }
            let public = std::fs::read_to_string(format!("{}.pub", host_key.display())).unwrap();
            let public: Vec<&str> = public.split_whitespace().take(2).collect();
            let known_as = if port == 22 {
                address.clone()
            } else {
                format!("[{address}]:{port}")
            };
            known.push_str(&format!("{known_as} {}\n", public.join(" ")));
            client.push_str(&format!(
                "Host {name}\n  HostName {address}\n  Port {port}\n  User {}\n  IdentityFile {}\n  \
                 IdentitiesOnly yes\n  UserKnownHostsFile {}\n  StrictHostKeyChecking yes\n  \
                 LogLevel ERROR\n\n",
                user(),
                key.display(),
                d.join("known_hosts").display()
            ));
            servers.push(Sshd {
                name: name.to_string(),
                port,
                child,
            });
        }
        std::fs::write(d.join("known_hosts"), known).unwrap();
        let config = d.join("ssh_config");
        std::fs::write(&config, client).unwrap();
        Ok(Hosts {
            dir,
            servers,
            config,
            namespaces,
        })
    }

    /// `[[generator]]` entries for these hosts, by alias.
    pub fn generators(&self) -> String {
        self.servers
            .iter()
            .map(|s| {
                format!(
                    "[[generator]]\nname = \"{}\"\nssh = \"{}\"\nssh_config = \"{}\"\n\n",
                    s.name,
                    s.name,
                    self.config.display()
                )
            })
            .collect()
    }
}

/// The session folders (`gatebench.XXXXXX`) in the generators' temporary folder
/// (the hosts are this machine): a run leaves none behind.
pub fn session_folders() -> Vec<String> {
    std::fs::read_dir("/tmp")
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with("gatebench.") && n.len() == "gatebench.XXXXXX".len())
                .collect()
        })
        .unwrap_or_default()
}

/// The processes whose command line holds `needle` (`ps -eo pid,args`), but not
/// this test's own.
pub fn processes_with(needle: &str) -> Vec<String> {
    let o = Command::new("ps")
        .args(["-eo", "pid,args"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter(|l| l.contains(needle) && !l.contains("ps -eo"))
        .map(str::to_owned)
        .collect()
}
