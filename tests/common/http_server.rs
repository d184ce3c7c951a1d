//! A real HTTP/1.1 server on 127.0.0.1 for the experiment tests: keep-alive, a
//! fixed small JSON answer after a delay that each connection draws when it is
//! accepted. The load tools under test send their load only here.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct HttpServer {
    pub port: u16,
    address: IpAddr,
    stop: Arc<AtomicBool>,
    /// The addresses its connections came from.
    peers: Arc<Mutex<BTreeSet<IpAddr>>>,
}

impl HttpServer {
    /// A server whose connections each wait `delay(n)` per request, `n` counting
    /// the connections accepted so far.
    pub fn start(delay: impl Fn(u64) -> Duration + Send + Sync + 'static) -> HttpServer {
        HttpServer::start_on(IpAddr::from([127, 0, 0, 1]), delay)
    }

    /// The same, listening on `address` (one of this machine's: loopback, or a
    /// virtual link a test made).
    pub fn start_on(
        address: IpAddr,
        delay: impl Fn(u64) -> Duration + Send + Sync + 'static,
    ) -> HttpServer {
        let listener = TcpListener::bind((address, 0)).expect("bind the test server");
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let delay = Arc::new(delay);
        let peers: Arc<Mutex<BTreeSet<IpAddr>>> = Arc::default();
        let seen = peers.clone();
        std::thread::spawn(move || {
            for (n, stream) in listener.incoming().enumerate() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                if let Ok(peer) = stream.peer_addr() {
                    seen.lock().unwrap().insert(peer.ip());
                }
                let wait = delay(n as u64);
                std::thread::spawn(move || serve(stream, wait));
            }
        });
        HttpServer {
            port,
            address,
            stop,
            peers,
        }
    }

    /// The addresses its connections came from, so far.
    pub fn peers(&self) -> BTreeSet<IpAddr> {
        self.peers.lock().unwrap().clone()
    }

    /// A server that answers every request after `ms` milliseconds.
    pub fn fixed(ms: u64) -> HttpServer {
        HttpServer::start(move |_| Duration::from_millis(ms))
    }

    pub fn url(&self) -> String {
        format!("http://{}:{}/index.json", self.address, self.port)
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so that it sees the flag.
        let _ = TcpStream::connect((self.address, self.port));
    }
}

fn serve(stream: TcpStream, wait: Duration) {
    let _ = stream.set_nodelay(true);
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut writer = stream;
    loop {
        let mut length = 0usize;
        let mut close = false;
        let mut line = String::new();
        // The request line and headers.
        let mut first = true;
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let l = line.trim_end();
            if l.is_empty() {
                if first {
                    continue;
                }
                break;
            }
            first = false;
            let lower = l.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
            if lower.starts_with("connection:") && lower.contains("close") {
                close = true;
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        if !wait.is_zero() {
            std::thread::sleep(wait);
        }
        let content = b"{\"status\":\"ok\"}";
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{}\r\n",
            content.len(),
            // ab (HTTP/1.0 with -k) keeps a connection only when told so.
            if close {
                "Connection: close\r\n"
            } else {
                "Connection: keep-alive\r\n"
            }
        );
        if writer.write_all(head.as_bytes()).is_err() || writer.write_all(content).is_err() {
            return;
        }
        if close {
            return;
        }
    }
}
