"""Articles from outside: fetched pages, uploaded HTML, feeds, and stories paired across outlets."""
