// Process-wide, before the first torch call: keep libtorch's large freed blocks for reuse instead of re-faulting them every
// batch, and let idle OpenMP threads sleep (docs/torch.md, "Process settings"; CONCORD_ALLOCATOR=system and
// CONCORD_OMP_WAIT=default turn them off).
Concord.Torch.TorchRuntime.ConfigureProcess();
return Concord.Cli.CliSetup.Run(args);
