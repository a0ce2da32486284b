"""The contract between the evaluation PDFs (the `reports` app) and the apps whose figures they
show: `sections`."""
