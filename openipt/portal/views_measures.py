"""Questionnaires at home. Every query starts from access.portal_client(request.user).

Two ways through a questionnaire, both server-side (no script needed):
- one question per screen (the default, made for phones): ?q=N, with Back and Next
  buttons; each step saves the answer to the draft;
- every question on one page (?all=1), offered by a link, for larger screens.
Answers are kept as a QuestionnaireDraft and scored only when every question is answered.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from openipt.accounts.crisis import crisis_information
from openipt.audit.record import record
from openipt.caseload import access
from openipt.caseload.models import EpisodeStatus
from openipt.measures import actions, instruments
from openipt.measures.due import measures_due
from openipt.measures.forms import recordable_instruments
from openipt.measures.models import MeasureAdministration, QuestionnaireDraft

NEXT, BACK, SAVE, FINISH = "next", "back", "save", "finish"
CHOOSE_AN_ANSWER = "Choose an answer to go on. You can change it later."


# --- what is due -------------------------------------------------------------------------


def open_episode(client):
    return (
        client.episodes.select_related("organisation")
        .filter(status=EpisodeStatus.OPEN)
        .order_by("-opened_on", "-id")
        .first()
    )


def due_for_client(client):
    """(episode, Due) for the client's open episode, keeping only questionnaires the
    portal can show; Due is None when nothing is due."""
    episode = open_episode(client)
    if episode is None:
        return None, None
    due = measures_due(episode)
    if due is None:
        return episode, None
    offered = recordable_instruments()
    codes = tuple(code for code in due.codes if code in offered)
    if not codes:
        return episode, None
    return episode, type(due)(due.session, due.phase, codes)


def drafts_for(client, session):
    return {
        d.instrument: d for d in QuestionnaireDraft.objects.filter(client=client, session=session)
    }


@require_GET
@access.client_required
def questionnaires(request):
    client = access.portal_client(request.user)
    episode, due = due_for_client(client)
    drafts = drafts_for(client, due.session) if due else {}
    rows = []
    for code in due.codes if due else ():
        definition = instruments.QUESTIONNAIRES[code]
        draft = drafts.get(code)
        answered = sum(1 for v in (draft.answers if draft else {}).values() if v is not None)
        rows.append({"definition": definition, "answered": answered, "draft": draft})
    record(request.user, "portal.questionnaires_listed", client, client=client, request=request)
    context = {"client": client, "episode": episode, "due": due, "rows": rows, "nav": "home"}
    return render(request, "portal/measures/list.html", context)


# --- one questionnaire -------------------------------------------------------------------


def item_field(item):
    return forms.ChoiceField(
        label=item.text or item.label,
        choices=[(str(option.value), option.label) for option in item.options],
        widget=forms.RadioSelect,
        required=False,
    )


class QuestionForm(forms.Form):
    """One question (step mode) or all of them (one-page mode), named by item key."""

    def __init__(self, items, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[item.key] = item_field(item)

    def answers(self):
        """Item key -> option value for the questions answered on this form."""
        found = {}
        for item in self.items:
            raw = self.cleaned_data.get(item.key)
            option = next((o for o in item.options if str(o.value) == raw), None)
            if option is not None:
                found[item.key] = option.value
        return found


def initial_from(answers):
    return {key: str(value) for key, value in answers.items() if value is not None}


def safety_answer_given(code, answers):
    """Whether the answers so far include one that calls for help now."""
    module = instruments.get(code)
    key = getattr(module, "SELF_HARM_ITEM_KEY", None)
    value = answers.get(key) if key else None
    if isinstance(value, int) and value >= 1:
        return True
    return any(answers.get(k) == "yes" for k in getattr(module, "SUICIDE_ITEM_KEYS", ()))


def _load(request, code):
    """(client, due, definition, draft answers) for a questionnaire due now, else 404."""
    client = access.portal_client(request.user)
    _, due = due_for_client(client)
    if due is None or code not in due.codes:
        raise Http404("This questionnaire is not due.")
    draft = QuestionnaireDraft.objects.filter(
        client=client, session=due.session, instrument=code
    ).first()
    return client, due, instruments.QUESTIONNAIRES[code], dict(draft.answers) if draft else {}


@access.client_required
def questionnaire(request, code):
    client, due, definition, answers = _load(request, code)
    one_page = request.GET.get("all") == "1" or request.POST.get("all") == "1"
    if one_page:
        return _one_page(request, client, due, definition, answers)
    return _one_step(request, client, due, definition, answers)


def _step_number(raw, definition, answers):
    count = len(definition.items)
    try:
        number = int(raw)
    except (TypeError, ValueError):
        unanswered = [i for i, item in enumerate(definition.items, 1) if item.key not in answers]
        return unanswered[0] if unanswered else count
    return min(max(number, 1), count)


def _step_url(code, number):
    return reverse("portal:questionnaire", args=[code]) + f"?q={number}"


def _one_step(request, client, due, definition, answers):
    code = definition.code
    number = _step_number(request.POST.get("q") or request.GET.get("q"), definition, answers)
    item = definition.items[number - 1]
    if request.method == "POST":
        form = QuestionForm([item], request.POST)
        action = request.POST.get("action")
        if form.is_valid() and (form.answers() or action == BACK or not item.required):
            answers.update(form.answers())
            if form.answers():
                actions.save_questionnaire_draft(
                    request.user, client, due.session, code, answers, request=request
                )
            if action == BACK:
                return redirect(_step_url(code, max(number - 1, 1)))
            if number < len(definition.items):
                return redirect(_step_url(code, number + 1))
            return _finish(request, client, due, definition, answers)
        if form.is_valid():
            form.add_error(item.key, CHOOSE_AN_ANSWER)
    else:
        form = QuestionForm([item], initial=initial_from(answers))
    record(
        request.user,
        "portal.questionnaire_viewed",
        client,
        client=client,
        request=request,
        detail=f"{definition.name}, question {number}",
    )
    context = {
        "client": client,
        "definition": definition,
        "due": due,
        "form": form,
        "field": form[item.key],
        "item": item,
        "number": number,
        "count": len(definition.items),
        "is_last": number == len(definition.items),
        "show_crisis": safety_answer_given(code, answers),
        "crisis": crisis_information(request.user.organisation),
        "nav": "home",
    }
    status = 400 if form.errors else 200
    return render(request, "portal/measures/question.html", context, status=status)


def _one_page(request, client, due, definition, answers):
    code = definition.code
    items = list(definition.items)
    if request.method == "POST":
        form = QuestionForm(items, request.POST)
        if form.is_valid():
            answers = {**answers, **form.answers()}
            if request.POST.get("action") == FINISH:
                errors = _missing(definition, answers)
                if not errors:
                    return _finish(request, client, due, definition, answers)
                for key, message in errors.items():
                    form.add_error(key if key in form.fields else None, message)
            else:
                actions.save_questionnaire_draft(
                    request.user, client, due.session, code, answers, request=request
                )
                messages.success(request, "Your answers so far are saved. You can finish later.")
                return redirect(reverse("portal:questionnaire", args=[code]) + "?all=1")
    else:
        form = QuestionForm(items, initial=initial_from(answers))
    record(
        request.user,
        "portal.questionnaire_viewed",
        client,
        client=client,
        request=request,
        detail=f"{definition.name}, all questions",
    )
    context = {
        "client": client,
        "definition": definition,
        "due": due,
        "form": form,
        "questions": [(n, form[item.key], item) for n, item in enumerate(items, 1)],
        "show_crisis": safety_answer_given(code, answers),
        "crisis": crisis_information(request.user.organisation),
        "nav": "home",
    }
    status = 400 if form.errors else 200
    return render(request, "portal/measures/all_questions.html", context, status=status)


def _missing(definition, answers):
    """Plain messages by item key for questions still to answer; empty when complete."""
    full = {item.key: answers.get(item.key) for item in definition.items}
    errors = instruments.get(definition.code).validate(full)
    return {key: CHOOSE_AN_ANSWER if key in full else message for key, message in errors.items()}


def _finish(request, client, due, definition, answers):
    code = definition.code
    errors = _missing(definition, answers)
    if errors:
        first = next(i for i, item in enumerate(definition.items, 1) if item.key in errors)
        messages.error(request, "A question still needs an answer before your answers can be sent.")
        return redirect(_step_url(code, first))
    with transaction.atomic():
        draft = actions.save_questionnaire_draft(
            request.user, client, due.session, code, answers, request=request
        )
        administration = actions.complete_questionnaire(request.user, draft, request=request)
    return redirect("portal:questionnaire_done", pk=administration.pk)


@require_GET
@access.client_required
def questionnaire_done(request, pk):
    client = access.portal_client(request.user)
    administration = (
        MeasureAdministration.objects.filter(pk=pk, episode__client=client)
        .prefetch_related("risk_flags")
        .first()
    )
    if administration is None:
        raise Http404("No such questionnaire.")
    record(
        request.user,
        "portal.questionnaire_done_viewed",
        administration,
        client=client,
        request=request,
    )
    _, due = due_for_client(client)
    context = {
        "client": client,
        "administration": administration,
        "needs_help": bool(administration.risk_flags.all()),
        "crisis": crisis_information(request.user.organisation),
        "due": due,
        "nav": "home",
    }
    return render(request, "portal/measures/done.html", context)


# --- the home page's "coming up" parts -------------------------------------------------


def home_context(client, episode):
    """Next session, questionnaires due, homework still to do and the latest comments."""
    from openipt.worksheets import queries as worksheet_queries
    from openipt.worksheets.models import HomeworkComment, HomeworkStatus

    _, due = due_for_client(client) if episode is not None else (None, None)
    homework = client.homework.exclude(status=HomeworkStatus.SUBMITTED).order_by("due_on", "id")
    comments = (
        HomeworkComment.objects.filter(homework__client=client)
        .select_related("homework", "author")
        .order_by("-created_at", "-id")
    )
    return {
        "next_session": worksheet_queries.next_session(episode) if episode else None,
        "due": due,
        "homework_due": list(homework[:5]),
        "latest_comments": list(comments[:3]),
    }


# --- my progress -------------------------------------------------------------------------


def client_charts(administrations):
    """One chart per questionnaire, with the plain band names clients see."""
    from django.utils.safestring import mark_safe

    from openipt.measures import charts

    by_code = {}
    for administration in administrations:
        by_code.setdefault(administration.instrument, []).append(administration)
    found = []
    for code, definition in instruments.QUESTIONNAIRES.items():
        rows = by_code.get(code)
        if not rows:
            continue
        points, x_title = charts.points_from(rows)
        svg = charts.trajectory_svg(
            chart_id=f"my-{code}",
            title=f"Your {definition.name} scores",
            description=charts.describe(
                definition.name, points, lambda t, d=definition: d.band_for(t).client_label, None
            ),
            points=points,
            bands=[charts.BandShade(b.lower, b.upper, b.client_label) for b in definition.bands],
            max_total=definition.max_total,
            x_title=x_title,
            caseness=None,
        )
        table = [(row, definition.band_for(row.total).client_label) for row in rows]
        # Every text in the markup was escaped by charts.trajectory_svg.
        found.append({"definition": definition, "svg": mark_safe(svg), "rows": table})  # noqa: S308
    return found


ABOUT = {
    "phq9": "asks about low mood and how it has affected sleep, energy, appetite and interest "
    "in things over the last two weeks. Lower scores mean fewer or milder difficulties.",
    "gad7": "asks about worry and feeling nervous or on edge over the last two weeks. "
    "Lower scores mean less worry.",
    "wsas": "asks how much your difficulties get in the way of work, home life, social life, "
    "hobbies and relationships. Lower scores mean they get in the way less.",
    "phqa": "asks about low mood over the last two weeks. Lower scores mean fewer difficulties.",
}


@require_GET
@access.client_required
def progress(request):
    client = access.portal_client(request.user)
    administrations = list(
        MeasureAdministration.objects.filter(episode__client=client)
        .select_related("session")
        .order_by("administered_on", "created_at", "id")
    )
    record(request.user, "portal.progress_viewed", client, client=client, request=request)
    charts_ = client_charts(administrations)
    for chart in charts_:
        chart["about"] = ABOUT.get(chart["definition"].code, "")
    context = {"client": client, "charts": charts_, "nav": "progress"}
    return render(request, "portal/measures/progress.html", context)
