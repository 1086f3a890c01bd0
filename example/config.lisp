; Site settings of the example blog that ships with blahg.
; Only site settings live here: where the data, templates and static
; files are is decided by how blahg is started.
((base-url . "http://127.0.0.1:8080")
 (wiki-base-url . "https://en.wikipedia.org/wiki")
 (bug-base-url . "https://bugs.example.org/blahg/issues")
 (photo-base-url . "http://127.0.0.1:8080/photos")
 (html-index-stories . 5)
 (twitter-username . "blahgexample")
 (twitter-description . "The example blog bundled with blahg: a tour of the fmt3 markup, tags, archives and comments.")
 (category-to-tag . ((programming . "code")
                     ("typesetting" . "fmt3")))
 ; blahg's own settings (blahgd ignores keys it does not know).
 (site-title . "The blahg example")
 (site-tagline . "A file-based blog engine, showing what its markup can do")
 (site-author . "The blahg authors")
 (comment-min-think . 5))
