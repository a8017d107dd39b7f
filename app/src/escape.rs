//! Leptos writes the text of `<title>` and `<textarea>` into server-rendered HTML without
//! escaping it, so a title or a note holding `</textarea><script>` would become markup. Text
//! for those elements goes through [`raw_text`]: escaped on the server, unchanged in the
//! browser (where it is set as text, never parsed).

/// `text`, safe to place inside `<title>` or `<textarea>`.
pub fn raw_text(text: &str) -> String {
    #[cfg(feature = "ssr")]
    let text = html_escape::encode_text(text);
    text.to_string()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::raw_text;

    #[test]
    fn markup_is_escaped_on_the_server() {
        assert_eq!(
            raw_text("</textarea><script>x</script>"),
            "&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(raw_text("plain & simple"), "plain &amp; simple");
    }
}
