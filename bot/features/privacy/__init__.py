"""Privacy: what is stored (/privacy), a copy of it (/my_data), erasure (/delete_me)."""
