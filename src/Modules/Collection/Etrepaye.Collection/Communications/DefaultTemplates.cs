using Etrepaye.Collection.Domain;

namespace Etrepaye.Collection.Communications;

internal sealed record TemplateText(string Subject, string Body);

/// <summary>The built-in wording of each kind of message in French and English, used where the company has not written its own.</summary>
internal static class DefaultTemplates
{
    public const string Reminder = "reminder";
    public const string FormalNotice = "formal-notice";
    public const string Escalation = "escalation";

    public static readonly string[] Kinds = [Reminder, FormalNotice, Escalation];

    private const string ItemsFr = """
        {% for group in groups %}
        Factures en {{ group.currency }} :
        {% for item in group.items %}  - {{ item.reference }} du {{ item.issueDate }}, échue le {{ item.dueDate }} ({{ item.daysLate }} jours de retard) : {{ item.amount }}{% if hasInterest %}, intérêts {{ item.interest }}{% endif %}{% if hasIndemnity %}, indemnité forfaitaire {{ item.indemnity }}{% endif %}
        {% endfor %}  Total dû en {{ group.currency }} : {{ group.total }}{% if hasInterest %} ; intérêts de retard : {{ group.interest }}{% endif %}
        {% endfor %}{% if hasIndemnity %}Indemnités forfaitaires pour frais de recouvrement (40 EUR par facture) : {{ indemnityTotal }}
        {% endif %}{% if disputes.size > 0 %}
        Montants en litige, hors de ce courrier :
        {% for dispute in disputes %}  - litige {{ dispute.reference }} ({{ dispute.invoices }}) : {{ dispute.amount }}{% if dispute.note != "" %} - {{ dispute.note }}{% endif %}
        {% endfor %}{% endif %}
        """;

    private const string ItemsEn = """
        {% for group in groups %}
        Invoices in {{ group.currency }}:
        {% for item in group.items %}  - {{ item.reference }} of {{ item.issueDate }}, due {{ item.dueDate }} ({{ item.daysLate }} days late): {{ item.amount }}{% if hasInterest %}, interest {{ item.interest }}{% endif %}{% if hasIndemnity %}, fixed compensation {{ item.indemnity }}{% endif %}
        {% endfor %}  Total due in {{ group.currency }}: {{ group.total }}{% if hasInterest %}; late-payment interest: {{ group.interest }}{% endif %}
        {% endfor %}{% if hasIndemnity %}Fixed compensation for recovery costs (EUR 40 per invoice): {{ indemnityTotal }}
        {% endif %}{% if disputes.size > 0 %}
        Amounts in dispute, left out of this message:
        {% for dispute in disputes %}  - dispute {{ dispute.reference }} ({{ dispute.invoices }}): {{ dispute.amount }}{% if dispute.note != "" %} - {{ dispute.note }}{% endif %}
        {% endfor %}{% endif %}
        """;

    private const string ComingDueFr = """
        {% for group in groups %}
        Factures en {{ group.currency }} :
        {% for item in group.items %}  - {{ item.reference }} du {{ item.issueDate }}, à échéance le {{ item.dueDate }} : {{ item.amount }}
        {% endfor %}  Total en {{ group.currency }} : {{ group.total }}
        {% endfor %}
        """;

    private const string ComingDueEn = """
        {% for group in groups %}
        Invoices in {{ group.currency }}:
        {% for item in group.items %}  - {{ item.reference }} of {{ item.issueDate }}, due {{ item.dueDate }}: {{ item.amount }}
        {% endfor %}  Total in {{ group.currency }}: {{ group.total }}
        {% endfor %}
        """;

    public static TemplateText For(string kind, MessageChannel channel, int level, string language)
    {
        var french = language == "fr";
        if (channel == MessageChannel.Sms && kind == Reminder && level < 1)
        {
            return french
                ? new("Rappel d'échéance", "{{ customer.name }} : {{ overdueCount }} facture(s) à échéance prochaine, {{ totalsText }}. {{ senderName }}")
                : new("Payment due soon", "{{ customer.name }}: {{ overdueCount }} invoice(s) falling due soon, {{ totalsText }}. {{ senderName }}");
        }

        if (channel == MessageChannel.Sms)
        {
            return french
                ? new("Relance", "{{ customer.name }} : {{ overdueCount }} facture(s) échue(s), {{ totalsText }}. Merci de régulariser. {{ senderName }}")
                : new("Reminder", "{{ customer.name }}: {{ overdueCount }} overdue invoice(s), {{ totalsText }}. Please pay. {{ senderName }}");
        }

        return kind switch
        {
            FormalNotice => french
                ? new("Mise en demeure de payer - {{ customer.name }}", """
                    {{ customer.name }} (réf. {{ customer.reference }})
                    Le {{ today }}

                    Objet : mise en demeure de payer

                    Madame, Monsieur,

                    Malgré nos relances, les factures suivantes restent impayées :
                    """ + ItemsFr + """

                    Nous vous mettons en demeure de régler ces sommes, majorées des intérêts de retard calculés au taux de la BCE majoré de 10 points (article L441-10 du Code de commerce) et de l'indemnité forfaitaire pour frais de recouvrement, dans un délai de huit jours à compter de la réception de la présente.

                    À défaut, nous engagerons sans autre avis les procédures de recouvrement nécessaires.

                    {{ senderName }}
                    """)
                : new("Formal notice to pay - {{ customer.name }}", """
                    {{ customer.name }} (ref. {{ customer.reference }})
                    {{ today }}

                    Subject: formal notice to pay

                    Dear Sir or Madam,

                    Despite our reminders, the following invoices remain unpaid:
                    """ + ItemsEn + """

                    We hereby give you formal notice to pay these sums, with late-payment interest and the fixed compensation for recovery costs, within eight days of receiving this letter.

                    Failing that, we will take recovery proceedings without further notice.

                    {{ senderName }}
                    """),
            Escalation => french
                ? new("Dossier de recouvrement {{ customer.name }} : votre avis est demandé", """
                    Bonjour,

                    Le dossier de recouvrement de {{ customer.name }} (réf. {{ customer.reference }}) vous est transmis.
                    {{ note }}
                    """ + ItemsFr + """
                    {% if link != "" %}
                    Pour lire le dossier (historique des relances et actions) et répondre, sans compte : {{ link }}
                    {% endif %}
                    {{ senderName }}
                    """)
                : new("Collection case {{ customer.name }}: your view is needed", """
                    Hello,

                    The collection case of {{ customer.name }} (ref. {{ customer.reference }}) is escalated to you.
                    {{ note }}
                    """ + ItemsEn + """
                    {% if link != "" %}
                    To read the case (reminders and actions so far) and answer, without an account: {{ link }}
                    {% endif %}
                    {{ senderName }}
                    """),
            _ => ReminderText(level, french),
        };
    }

    private static TemplateText ReminderText(int level, bool french) => (level, french) switch
    {
        // Level 0: the courtesy reminder before the due date, for the items falling due (nothing is late yet).
        (< 1, true) => new("Rappel d'échéance - {{ customer.name }}", """
            Madame, Monsieur,

            Nous nous permettons de vous rappeler que les factures suivantes arrivent prochainement à échéance :
            """ + ComingDueFr + """

            Nous vous remercions de bien vouloir prévoir leur règlement à la date prévue. Si votre paiement est déjà programmé, merci de ne pas tenir compte de ce message.

            {{ senderName }}
            """),
        (< 1, false) => new("Courtesy reminder: invoices falling due - {{ customer.name }}", """
            Dear Sir or Madam,

            This is a courtesy reminder that the following invoices fall due shortly:
            """ + ComingDueEn + """

            We would be grateful if you could arrange their payment by the due date. If your payment is already scheduled, please disregard this message.

            {{ senderName }}
            """),
        (1, true) => new("Rappel : factures échues - {{ customer.name }}", """
            Madame, Monsieur,

            Sauf erreur de notre part, les factures suivantes sont échues et restent impayées :
            """ + ItemsFr + """

            Nous vous remercions de bien vouloir procéder à leur règlement. Si votre paiement est en cours, merci de ne pas tenir compte de ce message.
            Vous trouverez ci-joint votre relevé de compte.

            {{ senderName }}
            """),
        (1, false) => new("Reminder: overdue invoices - {{ customer.name }}", """
            Dear Sir or Madam,

            According to our records, the following invoices are overdue:
            """ + ItemsEn + """

            We would be grateful if you could settle them. If your payment is on its way, please disregard this message.
            Your statement of account is attached.

            {{ senderName }}
            """),
        (_, true) => new("Relance n°{{ level }} : factures impayées - {{ customer.name }}", """
            Madame, Monsieur,

            Malgré notre précédent rappel, les factures suivantes restent impayées :
            """ + ItemsFr + """

            Nous vous demandons de les régler sans délai. Vous trouverez ci-joint votre relevé de compte.

            {{ senderName }}
            """),
        _ => new("Reminder {{ level }}: unpaid invoices - {{ customer.name }}", """
            Dear Sir or Madam,

            Despite our previous reminder, the following invoices remain unpaid:
            """ + ItemsEn + """

            Please settle them without delay. Your statement of account is attached.

            {{ senderName }}
            """),
    };
}
