using Etrepaye.Access.Contracts;
using Etrepaye.Workflows.Hosting;

namespace Etrepaye.Procedures.Setup;

/// <summary>The company's today for the engine, so that a task is written with its inbox score for the company's day.</summary>
internal sealed class CompanyToday(ICompanyClock clock) : ICompanyToday
{
    public Task<DateOnly> TodayAsync(Guid companyId, CancellationToken cancellationToken) => clock.TodayAsync(companyId, cancellationToken);
}
