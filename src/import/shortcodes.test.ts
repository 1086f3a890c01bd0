import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { convertShortcodes } from "./shortcodes.js";

const links: Record<string, string> = { "first-post": "/?p=1", "posts/first-post.md": "/?p=1" };
const convert = (body: string) =>
  convertShortcodes({ body, file: "index.md", bodyLine: 3, linkTo: (ref) => links[ref.replace(/^\//, "")], resolveUrl: (url) => (url === "img.png" ? "/posts/x/img.png" : url) });

describe("Hugo shortcodes", () => {
  it("turns highlight (either delimiter) into a fenced code block", () => {
    assert.equal(convert('{{< highlight go "linenos=table" >}}\nfunc main() {}\n{{< /highlight >}}').text, "```go\nfunc main() {}\n```");
    assert.equal(convert("{{% highlight sh %}}ls{{% /highlight %}}").text, "```sh\nls\n```");
  });

  it("turns figure into an image with its title, caption and link, and resolves bundle files", () => {
    assert.equal(convert('{{< figure src="img.png" alt="An [odd] one" title="T \\"q\\"" >}}').text, '![An \\[odd\\] one](/posts/x/img.png "T \\"q\\"")');
    assert.equal(convert('{{< figure src="a b.jpg" caption="Cap" link="https://x.example/" >}}').text, "[![Cap](<a b.jpg>)](https://x.example/)");
    assert.equal(convert('{{< figure src="c.jpg" alt="A" caption="Below" >}}').text, "![A](c.jpg)\n*Below*");
  });

  it("turns ref and relref into the post's URL, keeping the fragment", () => {
    assert.equal(convert('[a]({{< ref "first-post" >}}) [b]({{< relref "/posts/first-post.md#top" >}})').text, "[a](/?p=1) [b](/?p=1#top)");
  });

  it("writes a commented-out shortcode as the shortcode's text", () => {
    assert.equal(convert("{{</* figure src=x */>}} and {{%/* y */%}}").text, "{{< figure src=x >}} and {{% y %}}");
  });

  it("keeps unknown shortcodes and refs to missing posts as text and reports each with its place", () => {
    const body = "x\n{{< youtube abc >}}\n{{% notice %}}hi{{% /notice %}} {{< ref \"gone.md\" >}}";
    const { text, diagnostics } = convert(body);
    assert.equal(text, body);
    assert.deepEqual(diagnostics.map((d) => [d.line, d.column]), [[4, 1], [5, 1], [5, 33]]);
  });

  it("never throws, and leaves text without {{ unchanged", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const { text } = convert(s);
        if (!s.includes("{{")) assert.equal(text, s);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom("{{<", ">}}", "{{%", "%}}", "/*", "*/", " /highlight ", " highlight ", " figure ", "src=", '"', "`", "x", "\n"), { maxLength: 40 }), (parts) => {
        convert(parts.join(""));
      }),
      { numRuns: 2000 },
    );
  });
});
