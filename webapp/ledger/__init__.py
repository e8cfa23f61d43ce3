"""账本与检查点: the tamper-evident ledger's status, checkpoints, keys and 核验文件包 downloads."""
