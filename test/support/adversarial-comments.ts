/**
 * Comment bodies built to trip a sanitizer into quadratic work (rescanning for a delimiter that
 * never comes, ever deeper stacks, long runs of one construct), at any size. Shared by the
 * linear-work tests of `commentBodyHtml` and its benchmark.
 */

/** `unit` repeated to exactly `size` characters. */
export function fill(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

export const ADVERSARIAL_COMMENTS: Readonly<Record<string, (size: number) => string>> = {
  "many <": (n) => fill("<", n),
  "many <a ": (n) => fill("<a ", n),
  "many unclosed comments": (n) => fill("<!--", n),
  "many empty comments": (n) => fill("<!---->", n),
  "many dashes in a comment": (n) => "<!--" + fill("-", n),
  "many dashes in a comment that ends": (n) => "<p>x</p><!--" + fill("-", n) + ">",
  "many <b>": (n) => fill("<b>", n),
  "deep <b> then stray </i>": (n) => fill("<b>", n / 2) + fill("</i>", n / 2),
  "many <li>": (n) => fill("<ul><li>", n),
  "many </script": (n) => "<script>" + fill("</script", n),
  "many &#": (n) => "<p>" + fill("&#", n),
  "long numeric reference": (n) => "<p>&#" + fill("9", n),
  "many blank lines": (n) => "<b>x</b>" + fill("a\n \n", n),
  "many spaces before a letter": (n) => "<b>x</b>" + fill(" ", n) + "x",
  "many attributes": (n) => "<a " + fill('x=" ', n),
  "long attribute value": (n) => '<a href="' + fill("&#106", n) + '">x</a>',
  "plain URLs with parens": (n) => fill("http://(", n),
  "plain punctuation after a URL": (n) => "http://x" + fill(".)", n),
  "plain lines": (n) => fill("a\n", n),
};
