"""Questionnaires at home. Every query starts from access.portal_client(request.user).

A client may have more than one open episode (an individual course and a group): the list
shows what is due in each, and a questionnaire's address names its episode.

Two ways through a questionnaire, both server-side (no script needed):
- one question per screen (the default, made for phones): ?q=N, with Back and Next
  buttons; each step saves the answer to the draft;
- every question on one page (?all=1), offered by a link, for larger screens.
Answers are kept as a QuestionnaireDraft and scored only when every question is answered.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext, gettext_lazy
from django.views.decorators.http import require_GET

from openipt.accounts.crisis import crisis_information
from openipt.audit.record import record
from openipt.caseload import access
from openipt.measures import actions, instruments, queries
from openipt.measures.due import due_for_client, due_in_episode
from openipt.measures.forms import QuestionForm, initial_from
from openipt.measures.instruments import translations
from openipt.protocol import appointments

NEXT, BACK, SAVE, FINISH = "next", "back", "save", "finish"
CHOOSE_AN_ANSWER = gettext_lazy("Choose an answer to go on. You can change it later.")


# --- what is due -------------------------------------------------------------------------


@require_GET
@access.client_required
def questionnaires(request):
    client = access.portal_client(request.user)
    episodes = due_for_client(client)
    upcoming = appointments.next_appointment_by_episode([row.episode for row in episodes])
    sections = [
        _due_section(client, row, upcoming.get(row.episode.pk)) for row in episodes if row.due
    ]
    record(request.user, "portal.questionnaires_listed", client, client=client, request=request)
    context = {
        "client": client,
        "sections": sections,
        "several_episodes": len(episodes) > 1,
        "nav": "home",
    }
    return render(request, "portal/measures/list.html", context)


def _due_section(client, row, next_appointment):
    """What is due in one episode: each questionnaire with how far its draft has got."""
    drafts = queries.drafts_for(client, row.due.session)
    questionnaires = []
    for code in row.due.questionnaires:
        draft = drafts.get(code)
        answered = sum(1 for v in (draft.answers if draft else {}).values() if v is not None)
        definition = instruments.QUESTIONNAIRES[code]
        questionnaires.append(
            {
                "definition": definition,
                "client_name": instruments.client_name(code),
                "minutes": instruments.minutes_to_complete(code),
                "answered": answered,
                "draft": draft,
            }
        )
    return {
        "episode": row.episode,
        "due": row.due,
        "next_appointment": next_appointment,
        "rows": questionnaires,
        "diary_due": bool(row.due.diaries),
    }


# --- one questionnaire -------------------------------------------------------------------


def safety_answer_given(code, answers):
    """Whether the answers so far include one that calls for help now."""
    return bool(instruments.safety_answers(code, answers, finished=False))


def _load(request, episode, code):
    """(client, due, definition, draft answers) for a questionnaire due now in one of the
    client's open episodes, else 404."""
    client = access.portal_client(request.user)
    row = due_in_episode(client, episode)
    due = row.due if row else None
    if due is None or code not in due.questionnaires:
        raise Http404("This questionnaire is not due.")
    answers = queries.draft_answers(client, due.session, code)
    # In the client's language where an official translation is held (same items and scores).
    definition = translations.translated(instruments.QUESTIONNAIRES[code], get_language())
    return client, due, definition, answers


def _language_context(code):
    """Why the questionnaire is in English for this client, if it is (docs/instruments.md)."""
    return {"english_only": translations.english_only_reason(instruments.get(code), get_language())}


@access.client_required
def questionnaire(request, episode, code):
    client, due, definition, answers = _load(request, episode, code)
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


def _address(due, code):
    return reverse("portal:questionnaire", args=[due.session.episode_id, code])


def _step_url(due, code, number):
    return _address(due, code) + f"?q={number}"


def _one_step(request, client, due, definition, answers):
    code = definition.code
    number = _step_number(request.POST.get("q") or request.GET.get("q"), definition, answers)
    item = definition.items[number - 1]
    if request.method == "POST":
        form = QuestionForm([item], request.POST)
        action = request.POST.get("action")
        if form.is_valid() and (form.answers() or action == BACK or not item.required):
            answers.update(form.answers())
            if action != BACK and number == len(definition.items):
                return _finish(request, client, due, definition, answers)
            if form.answers():
                # A safety answer raises its flag here, before anything is sent.
                actions.save_questionnaire_draft(
                    request.user, client, due.session, code, answers, request=request
                )
            if action == BACK:
                return redirect(_step_url(due, code, max(number - 1, 1)))
            return redirect(_step_url(due, code, number + 1))
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
        facts={"instrument": definition.code, "question": number},
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
        **_crisis_context(request, due, code, answers),
        **_language_context(code),
        "nav": "home",
    }
    status = 400 if form.errors else 200
    return render(request, "portal/measures/question.html", context, status=status)


def _crisis_context(request, due, code, answers):
    """Whether to show help now, the crisis lines, and what happens to a safety answer."""
    show = safety_answer_given(code, answers)
    return {
        "show_crisis": show,
        "crisis": crisis_information(request.user.organisation),
        "after_safety_answer": queries.after_a_safety_answer(due.session.episode) if show else None,
    }


def _one_page(request, client, due, definition, answers):
    code = definition.code
    items = list(definition.items)
    if request.method == "POST":
        form = QuestionForm(items, request.POST)
        if form.is_valid():
            answers = {**answers, **form.answers()}
            errors = _missing(definition, answers)
            if request.POST.get("action") == FINISH and not errors:
                return _finish(request, client, due, definition, answers)
            # Kept (and any safety answer flagged) whether saved or sent too early.
            actions.save_questionnaire_draft(
                request.user, client, due.session, code, answers, request=request
            )
            if request.POST.get("action") == FINISH:
                for key, message in errors.items():
                    form.add_error(key if key in form.fields else None, message)
            else:
                messages.success(
                    request, gettext("Your answers so far are saved. You can finish later.")
                )
                return redirect(_address(due, code) + "?all=1")
    else:
        form = QuestionForm(items, initial=initial_from(answers))
    record(
        request.user,
        "portal.questionnaire_viewed",
        client,
        client=client,
        request=request,
        facts={"instrument": definition.code, "question": None},
    )
    context = {
        "client": client,
        "definition": definition,
        "due": due,
        "form": form,
        "questions": [(n, form[item.key], item) for n, item in enumerate(items, 1)],
        **_crisis_context(request, due, code, answers),
        **_language_context(code),
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
        # Keep what was given; a safety answer among it raises its flag now.
        actions.save_questionnaire_draft(
            request.user, client, due.session, code, answers, request=request
        )
        first = next(i for i, item in enumerate(definition.items, 1) if item.key in errors)
        messages.error(
            request, gettext("A question still needs an answer before your answers can be sent.")
        )
        return redirect(_step_url(due, code, first))
    administration = actions.finish_questionnaire(
        request.user,
        client,
        due.session,
        code,
        answers,
        language=translations.shown_language(code, get_language()),
        request=request,
    )
    return redirect("portal:questionnaire_done", pk=administration.pk)


@require_GET
@access.client_required
def questionnaire_done(request, pk):
    client = access.portal_client(request.user)
    administration = queries.own_administration(client, pk)
    record(
        request.user,
        "portal.questionnaire_done_viewed",
        administration,
        client=client,
        request=request,
    )
    context = {
        "client": client,
        "administration": administration,
        "needs_help": bool(administration.risk_flags.all()),
        "crisis": crisis_information(request.user.organisation),
        "after_safety_answer": queries.after_a_safety_answer(administration.episode),
        "more_due": any(row.due for row in due_for_client(client)),
        "nav": "home",
    }
    return render(request, "portal/measures/done.html", context)


# --- my progress -------------------------------------------------------------------------


@require_GET
@access.client_required
def progress(request):
    client = access.portal_client(request.user)
    administrations = queries.client_administrations(client)
    record(request.user, "portal.progress_viewed", client, client=client, request=request)
    charts = queries.client_trajectories(administrations)
    for chart in charts:
        chart["about"] = instruments.get(chart["definition"].code).ABOUT
    context = {"client": client, "charts": charts, "nav": "progress"}
    return render(request, "portal/measures/progress.html", context)
