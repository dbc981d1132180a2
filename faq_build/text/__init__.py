"""Pure text helpers with no knowledge of the content model: references, numbers, readability, Markdown."""
