namespace Etrepaye.Workflows.Hosting;

/// <summary>
/// A company's business date, for the inbox score of the tasks the store writes (the engine knows no company settings; the
/// host registers one). Without it tasks are written unscored and scored by their company's next inbox read.
/// </summary>
public interface ICompanyToday
{
    Task<DateOnly> TodayAsync(Guid companyId, CancellationToken cancellationToken);
}
