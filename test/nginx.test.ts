/**
 * A real nginx in front of blahg's SCGI port, configured with exactly the
 * stanza the README shows (docs/nginx-scgi.conf), so the two cannot drift.
 * Each page fetched through nginx must match what blahg's own HTTP port
 * answers. Skipped, and saying so, where nginx is not installed.
 */

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { connect, createServer, type AddressInfo } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { RunningBlog } from "../src/server/start-blog.js";
import { repoRoot } from "./support/paths.js";
import { removeDir } from "./support/temp-dir.js";
import { rawRequest, startTestBlog, type RawResponse } from "./support/test-blog.js";

const NGINX = "/usr/sbin/nginx";
/** The scgi_pass line of docs/nginx-scgi.conf, whose port the test replaces. */
const DOCUMENTED_PASS = "scgi_pass 127.0.0.1:2014;";

function nginxMissing(): string | false {
  try {
    accessSync(NGINX, constants.X_OK);
    return false;
  } catch {
    return `${NGINX} is not executable: install nginx (e.g. apt-get install nginx-light) to run the nginx tests`;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** The whole nginx.conf: everything in `dir`, the documented stanza inside one server. */
function nginxConf(dir: string, port: number, stanza: string): string {
  // As root, nginx would run its workers as nobody, who cannot enter the private temp dir.
  const user = process.getuid?.() === 0 ? `user ${userInfo().username};\n` : "";
  return `${user}worker_processes 1;
error_log ${dir}/error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 256; }
http {
    access_log ${dir}/access.log;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    server {
        listen 127.0.0.1:${port};
        server_name blog.test;
${stanza.replace(/^/gm, "        ")}
    }
}
`;
}

const missing = nginxMissing();
const TITLE = "blahg behind a real nginx over SCGI, configured as the README says";
// A skipped test rather than a skipped suite: the run's "skipped" count then shows it.
if (missing) it(TITLE, { skip: missing }, () => {});
else describe(TITLE, () => {
  let blog: RunningBlog | undefined;
  let nginx: ChildProcess | undefined;
  let dir: string | undefined;
  let front = "";
  let nginxOutput = "";

  const errorLog = (): string => {
    try {
      return readFileSync(join(dir!, "error.log"), "utf8");
    } catch {
      return "";
    }
  };

  before(async () => {
    blog = await startTestBlog({ scgiPort: 0 });
    dir = mkdtempSync(join(tmpdir(), "blahg-nginx-"));
    const documented = readFileSync(join(repoRoot, "docs", "nginx-scgi.conf"), "utf8");
    assert.ok(documented.includes(DOCUMENTED_PASS), `docs/nginx-scgi.conf has no '${DOCUMENTED_PASS}'`);
    const stanza = documented.replace(DOCUMENTED_PASS, `scgi_pass 127.0.0.1:${blog.scgiAddress!.port};`);
    const port = await freePort();
    const conf = join(dir, "nginx.conf");
    writeFileSync(conf, nginxConf(dir, port, stanza));

    nginx = spawn(NGINX, ["-p", dir + "/", "-c", conf, "-e", join(dir, "error.log"), "-g", "daemon off;"], {
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so that its workers can be stopped with it if it will not stop.
      detached: true,
    });
    nginx.stdout!.on("data", (c: Buffer) => (nginxOutput += c.toString()));
    nginx.stderr!.on("data", (c: Buffer) => (nginxOutput += c.toString()));
    const exited = new Promise<number | null>((resolve) => nginx!.once("exit", (code) => resolve(code)));
    const deadline = Date.now() + 10_000;
    for (;;) {
      const gone = await Promise.race([exited, new Promise<"running">((r) => setTimeout(() => r("running"), 50))]);
      if (gone !== "running") assert.fail(`nginx exited with ${gone}:\n${nginxOutput}\n${errorLog()}`);
      if (await canConnect(port)) break;
      if (Date.now() > deadline) assert.fail(`nginx did not listen on ${port} within 10 s:\n${nginxOutput}\n${errorLog()}`);
    }
    front = `http://127.0.0.1:${port}`;
  });

  after(async () => {
    const child = nginx;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGQUIT"); // graceful: finish the open requests, then stop
      const timer = setTimeout(() => {
        child.kill("SIGTERM");
        setTimeout(() => {
          // The group is the one nginx was started in (detached): its master and its workers.
          if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGKILL");
        }, 2000).unref();
      }, 3000);
      await exited;
      clearTimeout(timer);
    }
    await blog?.close();
    if (dir) removeDir(dir);
  });

  async function both(path: string, headers: Record<string, string> = {}): Promise<{ viaNginx: RawResponse; direct: RawResponse }> {
    const [viaNginx, direct] = await Promise.all([rawRequest(front + path, { headers }), rawRequest(blog!.url + path, { headers })]);
    return { viaNginx, direct };
  }

  const pages: Array<[string, number]> = [
    ["/", 200],
    ["/?p=1", 200],
    ["/?feed=atom", 200],
    ["/?feed=rss2", 200],
    ["/style.css", 200],
    ["/?tag=linux", 200],
    ["/index.html", 404],
    ["/?p=99", 404],
    ["/?cat=wp+cat", 301],
    ["/?p=1=2", 400],
  ];
  for (const [path, status] of pages) {
    it(`passes ${path} (${status}) through with blahg's status, content type and body`, async () => {
      const { viaNginx, direct } = await both(path);
      assert.equal(direct.status, status);
      assert.equal(viaNginx.status, direct.status, errorLog());
      assert.equal(viaNginx.headers["content-type"], direct.headers["content-type"]);
      assert.equal(viaNginx.headers.location, direct.headers.location);
      assert.equal(viaNginx.headers.etag, direct.headers.etag);
      assert.deepEqual(viaNginx.body, direct.body);
    });
  }

  it("sends a status line with the reason phrase blahg gives", async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(front).port), "127.0.0.1");
      let text = "";
      socket.on("data", (c: Buffer) => (text += c.toString("latin1")));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
      socket.write("GET /?p=99 HTTP/1.0\r\nHost: blog.test\r\n\r\n");
    });
    assert.match(raw, /^HTTP\/1\.1 404 Not Found\r\n/);
    assert.match(raw, /\r\nX-blahgd-render-time: \d+\.\d{9}\r\n/);
  });
  it("passes the client's If-None-Match through, and blahg's 304 back", async () => {
    const { direct } = await both("/?p=1");
    const again = await rawRequest(front + "/?p=1", { headers: { "If-None-Match": String(direct.headers.etag) } });
    assert.equal(again.status, 304);
  });
  it("passes Accept-Encoding through, and blahg's gzip back", async () => {
    const { viaNginx } = await both("/", { "Accept-Encoding": "gzip" });
    assert.equal(viaNginx.headers["content-encoding"], "gzip");
    assert.deepEqual(gunzipSync(viaNginx.body), (await rawRequest(blog!.url + "/")).body);
  });
  it("answers HEAD with the length of the page and no body", async () => {
    const head = await rawRequest(front + "/?p=1", { method: "HEAD" });
    const full = await rawRequest(blog!.url + "/?p=1");
    assert.equal(head.status, 200);
    assert.equal(head.headers["content-length"], String(full.body.length));
    assert.equal(head.body.length, 0);
  });
  it("handles 50 concurrent requests", async () => {
    const paths = pages.map(([path]) => path);
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => rawRequest(front + paths[i % paths.length]!)));
    answers.forEach((answer, i) => assert.equal(answer.status, pages[i % pages.length]![1], paths[i % paths.length]));
  });
});
