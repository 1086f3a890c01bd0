/** The content model of a blog and loading it from a blahgd data directory. */

export type { Comment, Post, TagInfo } from "./model.js";
export { listPostIds, loadPost, loadPosts, parsePostId, type LoadOptions, type LoadResult } from "./load-posts.js";
export { readCommentMeta, readPostMeta, type CommentMeta, type PostMeta } from "./metadata.js";
export { compareNewestFirst, monthOf, SiteIndex } from "./site-index.js";
export { compareTags, mergeTags, tagKey } from "./tags.js";
