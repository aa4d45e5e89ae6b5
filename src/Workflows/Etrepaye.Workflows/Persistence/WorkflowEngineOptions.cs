namespace Etrepaye.Workflows.Persistence;

public sealed class WorkflowEngineOptions
{
    public const string SectionName = "Workflows";

    /// <summary>Run the timer worker and the effect dispatcher in this process.</summary>
    public bool WorkersEnabled { get; set; } = true;

    /// <summary>How often idle workers look for due timers and pending effects.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a worker holds a claimed timer or effect before another process may take it over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Timers one claim takes (one conditional UPDATE).</summary>
    public int TimerBatchSize { get; set; } = 1000;

    /// <summary>Steps committed in one transaction when a claimed batch is fired.</summary>
    public int TimerCommitSize { get; set; } = 250;

    /// <summary>Chunks of a claimed batch fired at once (each in its own scope and transaction); SQLite serializes writers, so 1 there.</summary>
    public int TimerParallelism { get; set; } = 2;

    public int EffectBatchSize { get; set; } = 100;

    /// <summary>Effects of a claimed batch handled at once (each in its own scope): handlers mostly wait on outside systems. 1 on SQLite.</summary>
    public int EffectParallelism { get; set; } = 8;

    /// <summary>
    /// Fewest effects of one company a batch handler's sub-batch takes: a claim's batch is cut into up to <see cref="EffectParallelism"/>
    /// sub-batches handled at once, none smaller than this (each pays the handler's fixed reads and transaction).
    /// </summary>
    public int EffectSubBatchMinSize { get; set; } = 10;

    /// <summary>
    /// Most sub-batches of one company's batch-handler effects handled at once (never more than <see cref="EffectParallelism"/>).
    /// Rendering reminders with their PDFs is CPU work, not waiting: more sub-batches than cores only make them, and the requests
    /// beside them, queue for the cores. The machine's cores by default.
    /// </summary>
    public int EffectSubBatchParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Most stimuli one batch of the stimulus publisher takes.</summary>
    public int StimulusBatchSize { get; set; } = 256;

    /// <summary>Batches of stimuli published at once (each in its own scope and transaction).</summary>
    public int StimulusParallelism { get; set; } = 2;

    /// <summary>Attempts of an effect before it is marked failed for an operator.</summary>
    public int EffectMaxAttempts { get; set; } = 10;

    /// <summary>Failures are retried with exponential back-off up to this delay.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Times a step is re-run after losing the race on its instance's version.</summary>
    public int ConcurrencyRetries { get; set; } = 10;

    /// <summary>Optional folder of definition JSON files loaded at start (every *.json, recursively).</summary>
    public string? DefinitionsDirectory { get; set; }

    internal TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(attempts, 20)), MaxRetryDelay.TotalSeconds));
}
