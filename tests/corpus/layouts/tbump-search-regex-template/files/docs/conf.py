project = "tbumpish"
version = "3.4"
release = "3.4.0"
