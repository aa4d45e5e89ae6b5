namespace Etrepaye.Procedures.Documents;

/// <summary>The words of the written procedure, in French and English.</summary>
internal sealed record DocumentTexts(
    string Language, string Procedure, string Version, string Draft, string Step, string Who, string What, string When, string Channel, string Condition,
    string Outcomes, string System, string Anyone, string Inbox, string NotApplicable, string AtOnce, string AfterPrevious, string Then, string EndOfBranch,
    string Events, string WhenEvent, string EndsWith, string GoesTo, string SuspendsUntil, string If, string After, string Before, string DueDate,
    string TheDate, string ThisStep, string At, string WaitUntil, string WaitFor, string AtMost, string Decide, string Otherwise, string RunInParallel,
    string JoinBranches, string SetVariable, string To, string RunProcedure, string EndProcedure, string Outcome, string Inputs, string Start, string OnTrigger,
    string TimedOut, string NoEvent, string DueWithin, string Role, string Assignee, string Form, string Priority, string BusinessDays, string Days,
    string Weeks, string Months, string StartingStep)
{
    public static readonly DocumentTexts English = new(
        "en", "Procedure", "version", "draft", "Step", "Who", "What", "When", "Channel", "Condition",
        "Outcomes", "The system", "Anyone", "Task in the work inbox", "—", "At once", "after the previous step", "then", "the branch ends",
        "Events that change the course", "When", "the procedure ends with outcome", "the procedure goes to step", "the procedure is suspended until", "if", "after", "before", "the due date",
        "the date", "the start of this step", "at", "Wait until", "Wait for the event", "at most", "Decide", "otherwise", "Run the branches in parallel",
        "Join the branches", "Set", "to", "Run the procedure", "End the procedure", "outcome", "Inputs", "Starts with step", "when the event arrives:",
        "when the time runs out", "when the event does not arrive in time", "due", "role", "assignee", "form", "priority", "business days", "days",
        "weeks", "months", "Starts");

    public static readonly DocumentTexts French = new(
        "fr", "Procédure", "version", "brouillon", "Étape", "Qui", "Quoi", "Quand", "Canal", "Condition",
        "Issues", "Le système", "Toute personne", "Tâche dans la corbeille de travail", "—", "Immédiatement", "après l'étape précédente", "puis", "la branche s'arrête",
        "Événements qui changent le déroulement", "Lorsque", "la procédure se termine avec l'issue", "la procédure passe à l'étape", "la procédure est suspendue jusqu'à", "si", "après", "avant", "la date d'échéance",
        "la date", "le début de cette étape", "à", "Attendre jusqu'au", "Attendre l'événement", "au plus", "Décider", "sinon", "Exécuter les branches en parallèle",
        "Rejoindre les branches", "Affecter", "à", "Exécuter la procédure", "Terminer la procédure", "issue", "Entrées", "Commence par l'étape", "à l'arrivée de l'événement :",
        "quand le délai est écoulé", "si l'événement n'arrive pas à temps", "échéance", "rôle", "attribuée à", "formulaire", "priorité", "jours ouvrés", "jours",
        "semaines", "mois", "Démarre");

    public static DocumentTexts For(string language) => language == "fr" ? French : English;
}
