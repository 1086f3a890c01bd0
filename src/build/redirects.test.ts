/** The redirect files of a static build, including old paths an imported blog may have had. */

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { netlifyRedirects, nginxMap, type Redirect } from "./redirects.js";

const REDIRECTS: Redirect[] = [
  { from: { param: "p", value: "7" }, to: "/blog/2024/05/hello/" },
  { from: { param: "cat", value: "wp cat" }, to: "/blog/tag/notes/" },
  { from: { path: "/old path/$x\"y\\z.html" }, to: "/blog/2024/05/hello/" },
];

describe("redirect files", () => {
  it("map /?p=ID, /?cat=NAME (each in its own map) and aliases for nginx, with quotes, backslashes and $ escaped", () => {
    const map = nginxMap(REDIRECTS, "/blog");
    assert.match(map, /^map \$uri\$is_args\$arg_p \$blahg_p_redirect \{\n    default "";\n    "\/blog\/\?7" "\/blog\/2024\/05\/hello\/";\n\}$/m);
    assert.ok(map.includes(`    "/blog/?wp%20cat" "/blog/tag/notes/";\n`), map);
    assert.ok(map.includes(`    "/old path/\\$x\\"y\\\\z.html" "/blog/2024/05/hello/";\n`), map);
  });
  it("list them for Netlify and Cloudflare Pages, paths percent-encoded", () => {
    assert.deepEqual(netlifyRedirects(REDIRECTS, "/blog").split("\n").slice(1), [
      "/blog/ p=7 /blog/2024/05/hello/ 301",
      "/blog/ cat=wp%20cat /blog/tag/notes/ 301",
      "/old%20path/%24x%22y%5Cz.html /blog/2024/05/hello/ 301",
      "",
    ]);
  });
  it("send WordPress's /?page_id=ID to the page through a map of its own", () => {
    const redirects: Redirect[] = [{ from: { param: "page_id", value: "2" }, to: "/about/" }];
    assert.ok(nginxMap(redirects, "").includes(`map $uri$is_args$arg_page_id $blahg_page_id_redirect {\n    default "";\n    "/?2" "/about/";\n}`));
    assert.ok(netlifyRedirects(redirects, "").includes("\n/ page_id=2 /about/ 301\n"));
  });
  it("keep every alias on one line of three fields, whatever it holds", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (tail) => {
        const lines = netlifyRedirects([{ from: { path: `/${tail}` }, to: "/x/" }], "").split("\n");
        assert.equal(lines.length, 3);
        assert.equal(lines[1]!.split(" ").length, 3, lines[1]);
        const nginx = nginxMap([{ from: { path: `/${tail}` }, to: "/x/" }], "").split("\n");
        const entry = /^    "(?:[^"\\$]|\\["\\$])*" "\/x\/";$/;
        for (const line of nginx) assert.match(line, /^(#.*|map \S+ \S+ \{|    default "";|\}|)$|^    "(?:[^"\\$\x00-\x1f\x7f]|\\["\\$])*" "\/x\/";$/, JSON.stringify(line));
        const hasControl = /[\x00-\x1f\x7f]/.test(tail);
        assert.equal(nginx.filter((l) => entry.test(l)).length, hasControl ? 0 : 1, JSON.stringify(tail));
      }),
    );
  });
});
