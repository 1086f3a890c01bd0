import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { downloadPath } from "./download-attachments.js";

describe("attachment download paths", () => {
  it("put a file at its URL's path under the directory", () => {
    assert.equal(downloadPath("/d", "https://old.example/wp-content/uploads/caf%C3%A9.jpg"), "/d/wp-content/uploads/café.jpg");
  });

  it("refuse paths that would leave the directory or are not files", () => {
    for (const url of ["https://h/a/%2F..%2Fx", "https://h/..%5Cx", "https://h/", "ftp://h/x", "file:///etc/passwd", "not a url", "https://h/%E0%A4%A"]) {
      assert.equal(downloadPath("/d", url), undefined, url);
    }
  });
});
