namespace Etrepaye.Shared.Tenancy;

/// <summary>The roles a membership gives in one company (a user may hold several).</summary>
public enum CompanyRole
{
    Administrator,
    CreditManager,
    Operator,
    Consultant,
    Viewer,
}
