"""One module per toolkit card: its model, its questions and its derived results."""
