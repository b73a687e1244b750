"""The Excel tracker: its rows as data, the writer, the reader, and the merge."""
