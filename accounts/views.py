from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services, signin
from accounts.access import get_unit_for_user, get_user_for_admin, has_cap_anywhere, scope_paths, scope_q
from accounts.forms import AssignmentForm, ThrottledLoginForm, UserCreateForm, UserEditForm
from accounts.models import RoleAssignment, User
from accounts.roles import Cap
from lib import softdelete
from lib.errors import InvalidTransition
from orgunits.models import OrgUnit
from webkit.forms import SERVICE_ERRORS, add_errors
from webkit.history import history_entries


class LoginView(auth_views.LoginView):
    form_class = ThrottledLoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


def _require_user_admin(user) -> None:
    if not has_cap_anywhere(user, Cap.MANAGE_USERS):
        raise PermissionDenied


@login_required
def user_list(request):
    _require_user_admin(request.user)
    paths = scope_paths(request.user, Cap.MANAGE_USERS)
    users = User.objects.all()
    if paths is not None:
        units = OrgUnit.objects.within(paths)
        users = users.filter(assignments__unit__in=units).distinct()
    users = users.prefetch_related(
        Prefetch("assignments", queryset=RoleAssignment.objects.select_related("unit"))
    ).order_by("username")
    return render(request, "accounts/user_list.html", {"users": users[:500]})


@login_required
def user_create(request):
    _require_user_admin(request.user)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = get_unit_for_user(request.user, data["unit"], cap=Cap.MANAGE_USERS)
            user = services.user_create(
                username=data["username"],
                password=data["password"],
                unit=unit,
                role=data["role"],
                full_name=data["full_name"],
                position=data["position"],
                email=data["email"],
                by=request.user,
            )
        except Http404:
            form.add_error("unit", _("You may not manage accounts of this unit."))
        except PermissionDenied as exc:
            form.add_error("role", str(exc))
        except SERVICE_ERRORS as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Account %(name)s was created.") % {"name": user.username})
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
def user_detail(request, pk):
    _require_user_admin(request.user)
    target = get_user_for_admin(request.user, pk)
    edit_form = UserEditForm(
        request.POST if request.POST.get("action") == "edit" else None,
        initial={
            "full_name": target.full_name,
            "position": target.position,
            "email": target.email,
            "is_active": target.is_active,
        },
    )
    assign_form = AssignmentForm(request.POST if request.POST.get("action") == "assign" else None)
    if request.method == "POST":
        response = _handle_user_post(request, target, edit_form, assign_form)
        if response:
            return response
    context = {
        "target": target,
        "edit_form": edit_form,
        "assign_form": assign_form,
        "assignments": target.assignments.select_related("unit"),
        "history": history_entries(target),
    }
    return render(request, "accounts/user_detail.html", context)


def _handle_user_post(request, target, edit_form, assign_form):
    action = request.POST.get("action")
    try:
        if action == "edit" and edit_form.is_valid():
            services.user_update(user=target, by=request.user, **edit_form.cleaned_data)
        elif action == "assign" and assign_form.is_valid():
            unit = get_unit_for_user(request.user, assign_form.cleaned_data["unit"], cap=Cap.MANAGE_USERS)
            services.assignment_add(user=target, unit=unit, role=assign_form.cleaned_data["role"], by=request.user)
        elif action == "password" and request.POST.get("password"):
            services.user_set_password(user=target, password=request.POST["password"], by=request.user)
        else:
            return None
    except Http404:
        assign_form.add_error("unit", _("You may not manage accounts of this unit."))
        return None
    except SERVICE_ERRORS as exc:
        messages.error(request, _refusal_text(exc))
        return None
    messages.success(request, _("Changes saved."))
    return redirect("accounts:user_detail", pk=target.pk)


@login_required
@require_POST
def assignment_remove(request, pk):
    _require_user_admin(request.user)
    assignment = get_object_or_404(RoleAssignment.objects.select_related("unit", "user"), pk=pk)
    target = get_user_for_admin(request.user, assignment.user_id)
    try:
        services.assignment_remove(assignment=assignment, by=request.user)
    except SERVICE_ERRORS as exc:
        messages.error(request, _refusal_text(exc))
    else:
        messages.success(request, _("The role was removed."))
    return redirect("accounts:user_detail", pk=target.pk)


def _refusal_text(exc) -> str:
    """One line for a service refusal shown as a page message."""
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def admin_login(request, extra_context=None):
    """The admin site signs in through the application's login page, so the same throttling and
    sign-in log apply; an account already signed in without admin rights is refused (403) rather
    than sent round the login page again."""
    if request.user.is_authenticated:
        raise PermissionDenied
    next_url = request.GET.get("next") or reverse("admin:index")
    return redirect_to_login(next_url, login_url=reverse("accounts:login"))


def _signin_log_usernames(user):
    """None when the administrator manages every unit (superuser or administrator of every root
    unit): they also see attempts on names that match no account. Others see their accounts."""
    paths = scope_paths(user, Cap.MANAGE_USERS)
    if paths is None:
        return None
    roots = OrgUnit.objects.filter(depth=0).values_list("path", flat=True)
    if all(any(root.startswith(p) for p in paths) for root in roots):
        return None
    units = OrgUnit.objects.within(paths)
    return User.objects.filter(assignments__unit__in=units).values("username")


@login_required
def signin_log(request):
    """Sign-in log: who signed in or failed to, from which address, when."""
    _require_user_admin(request.user)
    usernames = _signin_log_usernames(request.user)
    query = (request.GET.get("q") or "").strip()
    if query:
        # One account typed in the search box, still within the administrator's scope.
        usernames = [query] if usernames is None else usernames.filter(username=query)
    page = Paginator(signin.signin_log(usernames=usernames), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/signin_log.html", {"page": page, "q": query})


# ------------------------------------------------------------------ deleted records (lib.softdelete)
DELETED_LIMIT = 100  # per kind, newest first: the page stays bounded however much was deleted


def _deleted_rows(user, entry):
    """Deleted rows of one registered kind whose unit lies in the administrator's scope."""
    rows = entry.model.all_objects.filter(deleted_at__isnull=False).filter(
        scope_q(user, Cap.MANAGE_UNITS, entry.unit_path)
    )
    return entry.listed(rows) if entry.listed is not None else rows


@login_required
def deleted_list(request):
    """What was deleted through the interface, kind by kind, with a restore button (administrators)."""
    if not has_cap_anywhere(request.user, Cap.MANAGE_UNITS):
        raise PermissionDenied
    groups = []
    for entry in softdelete.registered():
        rows = list(
            _deleted_rows(request.user, entry)
            .select_related("deleted_by", *entry.select_related)
            .order_by("-deleted_at", "-pk")[: DELETED_LIMIT + 1]
        )
        shown = rows[:DELETED_LIMIT]
        groups.append(
            {
                "key": entry.key,
                "label": entry.label,
                "rows": [{"obj": obj, "text": entry.describe(obj)} for obj in shown],
                "more": len(rows) > DELETED_LIMIT,
            }
        )
    return render(request, "accounts/deleted.html", {"groups": groups, "limit": DELETED_LIMIT})


@login_required
@require_POST
def deleted_restore(request, kind, pk):
    entry = softdelete.get(kind)
    if entry is None:
        raise Http404
    obj = _deleted_rows(request.user, entry).filter(pk=pk).select_related(*entry.select_related).first()
    if obj is None:
        raise Http404
    try:
        entry.restore(obj, by=request.user)
    except (ValidationError, InvalidTransition) as exc:  # "may not" goes on to the 403 page
        messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
    else:
        messages.success(request, _("Restored: %(what)s.") % {"what": entry.describe(obj)})
    return redirect("accounts:deleted")
