"""One reader per input format; each turns a file's bytes into the text offsets refer to."""
