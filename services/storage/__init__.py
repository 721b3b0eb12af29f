"""Where uploaded files live: a small content-addressed blob store (see ``blobs``)."""
