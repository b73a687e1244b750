"""Reading filled worksheets back, and bringing them into the tracker (``collect``)."""
