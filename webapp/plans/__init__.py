"""抽查计划 (sampling plans) pages."""
