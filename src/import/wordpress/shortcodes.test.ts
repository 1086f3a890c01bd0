import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { convertShortcodes, parseAttributes, type Attachment, type ShortcodeContext } from "./shortcodes.js";

function context(unconverted: string[] = []): ShortcodeContext {
  const attachments = new Map<number, Attachment>([
    [30, { id: 30, url: "https://old.example/beach.jpg", title: "Beach", parent: 19 }],
    [31, { id: 31, url: "https://old.example/hills.jpg", title: 'Hills & "sky"', parent: 19 }],
  ]);
  return { postId: 19, attachments, attachmentsOf: (id) => [...attachments.values()].filter((a) => a.parent === id), unconverted: (name) => unconverted.push(name) };
}

describe("shortcodes", () => {
  it("reads WordPress's attribute syntax", () => {
    assert.deepEqual([...parseAttributes(` a="x y" b='z' c=3 "pos" bare`)], [["a", "x y"], ["b", "z"], ["c", "3"], ["0", "pos"], ["1", "bare"]]);
  });

  it("makes a figure of [caption] with the image and its caption", () => {
    const html = convertShortcodes('[caption id="attachment_32" align="aligncenter" width="300"]<a href="big.jpg"><img src="cat.jpg" alt="A cat" /></a> My <em>cat</em>[/caption]', context());
    assert.equal(html, '<figure id="attachment_32" class="wp-caption aligncenter" style="max-width: 300px"><a href="big.jpg"><img src="cat.jpg" alt="A cat" /></a><figcaption>My <em>cat</em></figcaption></figure>');
  });

  it("makes highlighted code blocks of [code] and [sourcecode], escaping the code", () => {
    const html = convertShortcodes('[code lang="c"]\nint x = 1 < 2;\n[/code]', context());
    assert.match(html, /^<pre tabindex="0"><code class="language-c"><span class="hljs-type">int<\/span> x = <span class="hljs-number">1<\/span> &lt; <span class="hljs-number">2<\/span>;<\/code><\/pre>$/);
    assert.equal(convertShortcodes("[sourcecode]a &lt;b&gt;[/sourcecode]", context()), '<pre tabindex="0"><code>a &lt;b&gt;</code></pre>');
  });

  it("makes links of [embed], [video] and video URLs alone on a line, but not of other lines", () => {
    assert.equal(convertShortcodes("[embed]https://vimeo.com/1[/embed]", context()), '<p><a href="https://vimeo.com/1">https://vimeo.com/1</a></p>');
    assert.equal(convertShortcodes('[video src="https://old.example/a.mp4"]', context()), '<p><a href="https://old.example/a.mp4">https://old.example/a.mp4</a></p>');
    assert.equal(convertShortcodes("See:\nhttps://youtu.be/x?a=1&b=2\nhttps://example.com/not-a-video\n", context()), 'See:\n<a href="https://youtu.be/x?a=1&amp;b=2">https://youtu.be/x?a=1&amp;b=2</a>\nhttps://example.com/not-a-video\n');
  });

  it("makes a list of the attachment images of [gallery], by ids or the post's own", () => {
    const expected = '<ul class="gallery"><li><a href="https://old.example/beach.jpg"><img src="https://old.example/beach.jpg" alt="Beach" loading="lazy" /></a></li><li><a href="https://old.example/hills.jpg"><img src="https://old.example/hills.jpg" alt="Hills &amp; &quot;sky&quot;" loading="lazy" /></a></li></ul>';
    assert.equal(convertShortcodes('[gallery ids="30, 31"]', context()), expected);
    assert.equal(convertShortcodes("[gallery]", context()), expected);
  });

  it("reports unknown shortcodes and leaves them visible, and shows [[x]] as [x]", () => {
    const unconverted: string[] = [];
    assert.equal(convertShortcodes('[contact-form-7 id="1"] and [[gallery]] and [code]unclosed', context(unconverted)), '[contact-form-7 id="1"] and [gallery] and [code]unclosed');
    assert.deepEqual(unconverted, ["contact-form-7", "code"]);
  });

  it("never throws, whatever the body", () => {
    const pieces = ["[", "]", "[[", "]]", "[code]", "[/code]", "[caption", "[gallery ids=\"", "\"", "'", "=", "x", "\n", "[embed]", "[/embed]", "https://youtu.be/a", "<pre>", "</pre>", "<img src=x>", "[video src=", "/]"];
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((p) => p.join("")), (body) => {
      convertShortcodes(body, context());
    }), { numRuns: 2000 });
  });
});
