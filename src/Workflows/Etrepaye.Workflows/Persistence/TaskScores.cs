using Microsoft.EntityFrameworkCore;

namespace Etrepaye.Workflows.Persistence;

/// <summary>
/// The inbox's priority of an open task on a day: amount at risk × days overdue, as a double. A task is scored when it is
/// written (for its company's today) and the company's open tasks scored for an earlier day are rescored by one set-based
/// update, so the first page in priority order is an index scan.
/// </summary>
internal static class TaskScores
{
    public static double On(decimal? amountAtRisk, DateOnly? dueDate, DateOnly day) =>
        dueDate is { } due && due < day ? (double)(amountAtRisk ?? 0m) * (day.DayNumber - due.DayNumber) : 0d;

    /// <summary>
    /// Rescores the company's open tasks scored for a day before <paramref name="today"/>; returns how many it rescored.
    /// The update is conditional on the old day, so processes racing on a new day rescore each row once: on PostgreSQL
    /// the later update waits for the first one's row locks and re-checks the condition, on SQLite writers take turns.
    /// </summary>
    public static async Task<int> RescoreAsync(this WorkflowDbContext db, Guid companyId, DateOnly today, CancellationToken cancellationToken)
    {
        var stale = db.HumanTasks.IgnoreQueryFilters()
            .Where(t => t.CompanyId == companyId && t.Status == HumanTaskStatus.Open && t.ScoreDay < today);

        // The usual case (already rescored today) is one read of the partial index on (company, score day), no write.
        if (!await stale.AnyAsync(cancellationToken))
        {
            return 0;
        }

        var todayNumber = today.DayNumber;
        return await stale.ExecuteUpdateAsync(
            set => set
                .SetProperty(t => t.Score, t => t.DueDate != null && t.DueDate < today ? (double)(t.AmountAtRisk ?? 0m) * (todayNumber - t.DueDate.Value.DayNumber) : 0d)
                .SetProperty(t => t.ScoreDay, today),
            cancellationToken);
    }
}
