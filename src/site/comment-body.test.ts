import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { commentBodyHtml } from "./comment-body.js";
import { ADVERSARIAL_COMMENTS } from "../../test/support/adversarial-comments.js";
import { countWork } from "../../test/support/work-count.js";

/** The most built-in operations the sanitizer may spend per input character (see countWork). */
const WORK_PER_CHARACTER = 40;

const ALLOWED = new Set([
  "p", "br", "a", "em", "strong", "b", "i", "u", "s", "code", "pre", "blockquote", "ul", "ol", "li", "dl", "dt",
  "dd", "q", "cite", "abbr", "sub", "sup", "del", "ins", "hr", "span", "h3", "h4", "h5", "h6",
]);
const ALLOWED_ATTRIBUTES: Record<string, readonly string[]> = {
  a: ["href", "title", "rel"],
  abbr: ["title"],
  q: ["cite"],
  blockquote: ["cite"],
};
const VOID = new Set(["br", "hr"]);

function decodeAttribute(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * A strict reader of the sanitizer's output: every `<` must open an allowed, well-formed tag
 * with allowed, double-quoted attributes; text holds no raw `<>"'` and only complete character
 * references; tags balance; URLs are http, https, mailto or relative. Returns the problems found.
 */
function checkOutput(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const tag = /<(\/?)([a-z0-9]+)((?: [a-z]+="[^"<>']*")*)>/y;
  const attribute = / ([a-z]+)="([^"]*)"/g;
  let i = 0;
  while (i < html.length) {
    const c = html.charAt(i);
    if (c === "<") {
      tag.lastIndex = i;
      const m = tag.exec(html);
      if (m === null) {
        problems.push(`malformed tag at ${i}: ${JSON.stringify(html.slice(i, i + 40))}`);
        i++;
        continue;
      }
      const [whole, slash = "", name = "", attrs = ""] = m;
      if (!ALLOWED.has(name)) problems.push(`element <${name}> is not allowed`);
      if (slash === "") {
        for (const [, attrName = "", rawValue = ""] of attrs.matchAll(attribute)) {
          if (!(ALLOWED_ATTRIBUTES[name] ?? []).includes(attrName)) problems.push(`attribute ${attrName} on <${name}>`);
          if (/^on/i.test(attrName)) problems.push(`event handler ${attrName}`);
          const value = decodeAttribute(rawValue);
          if (attrName === "href" || attrName === "cite") {
            const cleaned = value.replace(/[\u0000-\u0020]/g, "");
            const scheme = /^([^/?#:]*):/.exec(cleaned)?.[1]?.toLowerCase();
            if (scheme !== undefined && !["http", "https", "mailto"].includes(scheme)) {
              problems.push(`unsafe URL ${JSON.stringify(value)}`);
            }
          }
          if (attrName === "rel" && value !== "nofollow ugc") problems.push(`rel=${value}`);
        }
        if (name === "a" && !attrs.includes(' rel="nofollow ugc"')) problems.push("link without rel");
        if (!VOID.has(name)) stack.push(name);
      } else {
        if (VOID.has(name)) problems.push(`end tag of void <${name}>`);
        const open = stack.pop();
        if (open !== name) problems.push(`</${name}> closes <${open ?? "nothing"}>`);
      }
      i += whole.length;
    } else if (c === ">" || c === '"' || c === "'") {
      problems.push(`raw ${c} in text at ${i}`);
      i++;
    } else if (c === "&") {
      const ref = /&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);/y;
      ref.lastIndex = i;
      const m = ref.exec(html);
      if (m === null) problems.push(`bare & at ${i}`);
      i += m === null ? 1 : m[0].length;
    } else {
      i++;
    }
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(" ")}`);
  if (/<script/i.test(html)) problems.push("<script in output");
  return problems;
}

function assertSafe(input: string): string {
  const out = commentBodyHtml(input);
  assert.deepEqual(checkOutput(out), [], `input ${JSON.stringify(input)} gave ${JSON.stringify(out)}`);
  return out;
}

describe("commentBodyHtml on plain text", () => {
  const cases: [string, string][] = [
    ["", ""],
    ["   \n\n \t ", ""],
    ["Hello", "<p>Hello</p>"],
    ["one\ntwo", "<p>one<br>\ntwo</p>"],
    ["one\r\ntwo\r\n\r\nthree\rfour", "<p>one<br>\ntwo</p>\n<p>three<br>\nfour</p>"],
    ["\n\n  first  \n\n\n \n second\n\n", "<p>first</p>\n<p>second</p>"],
    [`5 < 6 & "x" 'y' > z`, "<p>5 &lt; 6 &amp; &quot;x&quot; &#39;y&#39; &gt; z</p>"],
    ["caf&eacute; &amp; co", "<p>caf&amp;eacute; &amp;amp; co</p>"],
    ["x<y and y>z", "<p>x&lt;y and y&gt;z</p>"],
    ["I <3 you", "<p>I &lt;3 you</p>"],
    ["nul\u0000 and \u0007bell", "<p>nul and bell</p>"],
  ];
  for (const [input, expected] of cases) {
    it(`turns ${JSON.stringify(input)} into ${JSON.stringify(expected)}`, () => {
      assert.equal(commentBodyHtml(input), expected);
    });
  }

  const links: [string, string][] = [
    ["see https://example.com/a?b=1&c=2.", 'see <a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc">https://example.com/a?b=1&amp;c=2</a>.'],
    ["(http://x.org/foo)", '(<a href="http://x.org/foo" rel="nofollow ugc">http://x.org/foo</a>)'],
    ["https://en.wikipedia.org/wiki/Foo_(bar)", '<a href="https://en.wikipedia.org/wiki/Foo_(bar)" rel="nofollow ugc">https://en.wikipedia.org/wiki/Foo_(bar)</a>'],
    ["http://a.com, HTTP://B.com!", '<a href="http://a.com" rel="nofollow ugc">http://a.com</a>, <a href="HTTP://B.com" rel="nofollow ugc">HTTP://B.com</a>!'],
    ["<http://x.com>", '&lt;<a href="http://x.com" rel="nofollow ugc">http://x.com</a>&gt;'],
    ["'http://q.com/it's'", '&#39;<a href="http://q.com/it&#39;s" rel="nofollow ugc">http://q.com/it&#39;s</a>&#39;'],
    ['http://x.com/"onmouseover="alert(1)', '<a href="http://x.com/" rel="nofollow ugc">http://x.com/</a>&quot;onmouseover=&quot;alert(1)'],
    ["xhttp://no.pe and http:// alone and http://...", "xhttp://no.pe and http:// alone and http://..."],
    ["ftp://not.linked javascript:alert(1)", "ftp://not.linked javascript:alert(1)"],
  ];
  for (const [input, expected] of links) {
    it(`links ${JSON.stringify(input)} as ${JSON.stringify(expected)}`, () => {
      assert.equal(commentBodyHtml(input), `<p>${expected}</p>`);
    });
  }

  it("links URLs on every line of a paragraph", () => {
    assert.equal(
      commentBodyHtml("a http://a.b/\nb https://c.d/e"),
      '<p>a <a href="http://a.b/" rel="nofollow ugc">http://a.b/</a><br>\nb <a href="https://c.d/e" rel="nofollow ugc">https://c.d/e</a></p>',
    );
  });
});

describe("commentBodyHtml on HTML written by a moderator", () => {
  const cases: [string, string][] = [
    ["<p>Hello <em>world</em></p>", "<p>Hello <em>world</em></p>"],
    ["Hello <b>world</b>", "<p>Hello <b>world</b></p>"],
    ["a\n\nb <i>c</i>\n \nd", "<p>a</p>\n\n<p>b <i>c</i></p>\n \n<p>d</p>"],
    ["<P>Mixed <STRONG>Case</strong></p>", "<p>Mixed <strong>Case</strong></p>"],
    ["<p>caf&eacute; &amp; AT&T &#39; &#x263A; &#0; &bogus; &copy 2020</p>", "<p>caf&eacute; &amp; AT&amp;T &#39; &#x263A; &amp;#0; &amp;bogus; &amp;copy 2020</p>"],
    ["<p>&#150; and &#x97;</p>", "<p>&#8211; and &#8212;</p>"],
    ["<p><b>x", "<p><b>x</b></p>"],
    ["<b><i>x</b>y</i>", "<p><b><i>x</i></b>y</p>"],
    ["</div></p>x</b></ul>", "<p>x</p>"],
    ["<p>a<ul><li>b<li>c</ul>", "<p>a</p><ul><li>b</li><li>c</li></ul>"],
    ["<ul><li>a<ul><li>b</ul><li>c</ul>", "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>"],
    ["<dl><dt>t<dd>d<dt>u</dl>", "<dl><dt>t</dt><dd>d</dd><dt>u</dt></dl>"],
    ["<p>a<p>b", "<p>a</p><p>b</p>"],
    ["<p>a<hr>b", "<p>a</p><hr><p>b</p>"],
    ["<blockquote cite='http://x.org/'>q<p>r</blockquote>s", '<blockquote cite="http://x.org/">q<p>r</p></blockquote><p>s</p>'],
    ["<pre>\n  code &lt;x&gt;\n</pre>", "<pre>  code &lt;x&gt;\n</pre>"],
    ["<pre>\n\nx</pre>", "<pre>\n\nx</pre>"],
    ["<h3>Title</h4>text", "<h3>Title</h3><p>text</p>"],
    ["<h1>Big</h1>small", "<p>Big</p><p>small</p>"],
    ["<div>a</div><div>b</div>", "<p>a</p><p>b</p>"],
    ["<font color=red>x</font> <img src=y.png> z", "<p>x  z</p>"],
    ['<a href="http://x.com" rel="dofollow" target=_blank title=\'T "q"\'>l</a>', '<p><a href="http://x.com" title="T &quot;q&quot;" rel="nofollow ugc">l</a></p>'],
    ["<a href=/post/2>rel</a> <a href='mailto:a@b.c'>m</a> <a href=?q=1&amp;r=2>q</a>", '<p><a href="/post/2" rel="nofollow ugc">rel</a> <a href="mailto:a@b.c" rel="nofollow ugc">m</a> <a href="?q=1&amp;r=2" rel="nofollow ugc">q</a></p>'],
    ["<a href=/1>x<a href=/2>y</a>", '<p><a href="/1" rel="nofollow ugc">x</a><a href="/2" rel="nofollow ugc">y</a></p>'],
    ["<abbr title=HyperText onclick=x>HT</abbr> <q cite=/src>q</q> <span style=color:red>s</span>", '<p><abbr title="HyperText">HT</abbr> <q cite="/src">q</q> <span>s</span></p>'],
    ["<script>alert(1)</script>ok", "<p>ok</p>"],
    ["<!-- hi --><p>x</p><!DOCTYPE html><?xml version='1.0'?><![CDATA[y]]>", "<p>x</p>"],
    ["a < b <p>c</p>", "<p>a &lt; b </p><p>c</p>"],
    ["<b></b><p>x</p><i> </i>", "<p>x</p><p><i> </i></p>"],
    ["<svg><p>in svg</p></svg><math/>after", "<p>after</p>"],
    ["<br>line<br/>", "<p><br>line<br></p>"],
  ];
  for (const [input, expected] of cases) {
    it(`sanitizes ${JSON.stringify(input)} to ${JSON.stringify(expected)}`, () => {
      assert.equal(assertSafe(input), expected);
    });
  }

  it("caps nesting depth, keeping the text", () => {
    const out = assertSafe("<b>".repeat(500) + "deep" + "</b>".repeat(500));
    assert.ok(out.includes("deep"));
    assert.ok((out.match(/<b>/g) ?? []).length <= 100);
  });

  it("is idempotent on the examples", () => {
    for (const [input] of cases) {
      const once = commentBodyHtml(input);
      assert.equal(commentBodyHtml(once), once);
    }
  });
});

describe("commentBodyHtml against XSS filter evasion", () => {
  const attacks = [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script src=//evil.example/x.js></script>",
    "<script/xss src=x>",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>script>alert(1)<</script>/script>",
    "<script\u0000>alert(1)</script>",
    "<scr\u0000ipt>alert(1)</scr\u0000ipt>",
    "<script>",
    "<script",
    "<b <script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)"',
    "<img src=x onerror=alert(1)//",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<<img src=x onerror=alert(1)>>",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;">',
    "<style>@import'//evil.example'</style><p>x</p>",
    "</textarea><script>alert(1)</script>",
    "<textarea></textarea><script>alert(1)</script>",
    "<title></title><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "<!-- --><script>alert(1)</script>",
    "<!--> <script>alert(1)</script>",
    "<!--[if IE]><script>alert(1)</script><![endif]-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<xmp><script>alert(1)</script></xmp>",
    "<plaintext><script>alert(1)</script>",
    "<template><script>alert(1)</script></template>",
    '<p title="</p><script>alert(1)</script>">x</p>',
    "<a title='\"><script>alert(1)</script>'>x</a>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<A HREF="JAVASCRIPT:alert(1)">x</A>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href=" jAvAsCrIpT:alert(1)">x</a>',
    '<a href="  \n javascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="java&#9;script:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="jav\tascript:alert(1)">x</a>',
    "<a href='jav\nascript:alert(1)'>x</a>",
    '<a href="java&Tab;script&colon;alert(1)">x</a>',
    "<a href=javascript&colon;alert(1)>x</a>",
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1)">x</a>',
    '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<a href="&#14;javascript:alert(1)">x</a>',
    '<a href="\u0001javascript:alert(1)">x</a>',
    '<a href="\u0000javascript:alert(1)">x</a>',
    '<a href="java\u0000script:alert(1)">x</a>',
    '<a href="javascript&#0;:alert(1)">x</a>',
    "<a href=`javascript:alert(1)`>x</a>",
    "<a href='javascript:alert(1)'",
    '<a href="javascript:alert(1)" href="http://ok.example/">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<a href=DATA:text/html,<script>alert(1)</script>>x</a>",
    "<a href=vbscript:msgbox(1)>x</a>",
    '<a href="http://x.example/" onmouseover=alert(1)>x</a>',
    '<a onmouseover="alert(1)" href="http://x.example/">x</a>',
    '<a href="http://x.example/"onclick=alert(1)>x</a>',
    "<a\nhref=x\nonclick=alert(1)>x</a>",
    "<a href=x/onclick=alert(1)>x</a>",
    '<a href="https://ok.example/"><script>alert(1)</script></a>',
    "<blockquote cite=\"javascript:alert(1)\">q</blockquote>",
    "<q cite=javascript:alert(1)>q</q>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<span style="x:expression(alert(1))">x</span>',
    "<body onload=alert(1)>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<meta http-equiv=refresh content=0;url=javascript:alert(1)>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<base href=javascript:alert(1)//>",
    "<form action=javascript:alert(1)><button formaction=javascript:alert(1)>x</button></form>",
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<p onclick=alert(1) ONCLICK=alert(2) oNcLiCk=alert(3)>x</p>",
    "<p/onclick=alert(1)>x</p>",
    "<p =onclick=alert(1)>x</p>",
  ];
  for (const attack of attacks) {
    it(`neutralizes ${JSON.stringify(attack)}`, () => {
      const out = assertSafe(attack);
      assert.doesNotMatch(out, /(?:href|cite)="[^"]*(?:javascript|vbscript|data):/i);
      assert.doesNotMatch(out, /<[^>]*\son[a-z]+=/i);
      assert.equal(commentBodyHtml(out), out);
    });
  }

  it("drops a javascript: href but keeps the link text", () => {
    assert.equal(commentBodyHtml('<a href="java&#x09;script:alert(1)">x</a>'), '<p><a rel="nofollow ugc">x</a></p>');
  });

  it("keeps nothing of a script, style or iframe", () => {
    assert.equal(commentBodyHtml("a<script>b</script>c<style>d</style>e<iframe>f</iframe>g"), "<p>aceg</p>");
  });

  it("shows a <script> typed inside a <pre> of nothing but text as text", () => {
    assert.equal(commentBodyHtml("<pre>&lt;script&gt;</pre>"), "<pre>&lt;script&gt;</pre>");
  });
});

describe("commentBodyHtml properties", () => {
  const PIECES = [
    "<", ">", "</", "/>", '"', "'", "=", "/", " ", "\n", "\n\n", "\t", "\r\n", "\u0000", "&", "&amp;", "&#", "&#106;",
    "&#x09;", "&colon;", "&Tab;", "&#150;", ";", "x", "text", "é", "😀", "\ud800",
    "script", "SCRIPT", "ScRiPt", "a", "A", "p", "b", "i", "em", "img", "svg", "math", "style", "iframe", "textarea",
    "title", "object", "template", "div", "ul", "ol", "li", "dl", "dt", "dd", "pre", "blockquote", "hr", "br", "q",
    "abbr", "span", "h3", "plaintext", "xmp", "noscript",
    "onload", "onerror", "onclick", "ONCLICK", "href", "src", "cite", "style", "rel", "title",
    "javascript:", "JaVaScRiPt:", " javascript:", "java\tscript:", "data:", "vbscript:", "http://x.y/", "mailto:m@x",
    "alert(1)", "<!--", "-->", "--!>", "<![CDATA[", "]]>", "<!", "<?", "<!DOCTYPE", "<script>", "</script>",
    "<a href=", "<p>", "</p>", "<li>", "<pre>",
  ];
  const soup = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((parts) => parts.join(""));
  const anyText = fc.oneof(soup, fc.string({ unit: "binary", maxLength: 200 }), fc.string({ maxLength: 200 }));

  it("never throws and always gives balanced, allowlisted output without handlers or scripts", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const out = commentBodyHtml(s);
        assert.deepEqual(checkOutput(out), [], `input ${JSON.stringify(s)} gave ${JSON.stringify(out)}`);
      }),
      { numRuns: 3000 },
    );
  });

  it("gives the same result when applied twice, on the HTML path", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        // An empty <i></i> sends any text down the HTML path and leaves nothing behind.
        const once = commentBodyHtml("<i></i>" + s);
        assert.equal(commentBodyHtml(once), once);
      }),
      { numRuns: 3000 },
    );
  });

  it("gives the same result when applied twice, whichever path the text takes", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const once = commentBodyHtml(s);
        assert.equal(commentBodyHtml(once), once);
      }),
      { numRuns: 2000 },
    );
  });

  it("returns an empty string for a non-string at run time", () => {
    assert.equal(commentBodyHtml(undefined as unknown as string), "");
  });
});

describe("commentBodyHtml work", () => {
  const SMALL = 4 * 1024;
  const LARGE = 8 * SMALL;

  for (const [name, make] of Object.entries(ADVERSARIAL_COMMENTS)) {
    it(`does linear work on ${name}`, () => {
      const small = countWork(() => commentBodyHtml(make(SMALL)));
      const large = countWork(() => commentBodyHtml(make(LARGE)));
      // Eight times the input, about eight times the work; a quadratic sanitizer would do 64 times.
      assert.ok(large.work < 10 * small.work, `${small.work} operations for 4 KiB but ${large.work} for 32 KiB`);
      assert.ok(large.work <= WORK_PER_CHARACTER * LARGE, `${(large.work / LARGE).toFixed(1)} operations per character`);
      assert.deepEqual(checkOutput(small.result), []);
    });
  }
});
