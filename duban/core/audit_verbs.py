"""Every verb the audit trail can hold, with the label the office reads.

One list for the whole project (see docs/decisions/0013): the trail is read by people who ask
"what can happen here?", and a verb is stored data, so it is declared once, next to the model
that stores it, and `record_event` refuses anything not listed. Code that picks a verb from a
value (a workflow action, a decision) maps the value through an explicit table in its own app;
no verb is ever built from a string template.
"""

from django.db import models


class AuditVerb(models.TextChoices):
    # accounts
    LOGIN = "accounts.login", "登录"
    LOGIN_FAILED = "accounts.login_failed", "登录失败"
    LOGIN_WHILE_LOCKED = "accounts.login_locked", "锁定期间尝试登录"
    ACCOUNT_UNLOCK = "accounts.unlock", "解除登录锁定"
    TOKEN_REVOKE = "accounts.token_revoke", "注销接口令牌"
    USER_CREATE = "accounts.user_create", "创建账号"
    USER_UPDATE = "accounts.user_update", "修改账号"
    PASSWORD_RESET = "accounts.password_reset", "重置密码"
    PASSWORD_CHANGE = "accounts.password_change", "修改本人密码"
    # the Django admin (every save and delete there, see duban/core/admin_audit.py)
    ADMIN_ADD = "admin.add", "管理后台新增"
    ADMIN_CHANGE = "admin.change", "管理后台修改"
    ADMIN_DELETE = "admin.delete", "管理后台删除"
    OTP_ENROL = "accounts.otp_enrol", "启用两步验证"
    OTP_VERIFY = "accounts.otp_verify", "两步验证通过"
    OTP_FAILED = "accounts.otp_failed", "两步验证失败"
    OTP_BACKUP_CODES = "accounts.otp_backup_codes", "重新生成备用码"
    OTP_RESET = "accounts.otp_reset", "重置两步验证"
    # orgs
    GOVERNMENT_CREATE = "orgs.government_create", "创建政府"
    GOVERNMENT_PARENT_SET = "orgs.government_parent_set", "设置上级政府"
    ACCOUNTS_GOVERNMENT_SET = "orgs.accounts_government_set", "为账号指定所属政府"
    DEPARTMENT_CREATE = "orgs.department_create", "新增单位"
    ALIAS_ADD = "orgs.alias_add", "新增单位别名"
    GROUP_MEMBERS_SET = "orgs.group_members_set", "设置单位组成员"
    # ledger
    PLAN_CREATE = "ledger.plan_create", "创建台账"
    TASK_CREATE = "ledger.task_create", "新增任务"
    TASK_UPDATE = "ledger.task_update", "修改任务"
    TASK_SPLIT = "ledger.task_split", "拆分任务"
    TASK_MERGE = "ledger.task_merge", "合并任务"
    TASK_RETIRE = "ledger.task_retire", "撤销任务"
    BASELINE_CORRECT = "ledger.baseline_correct", "更正任务基线"
    MILESTONE_ADD = "ledger.milestone_add", "新增形象进度节点"
    MILESTONE_DELETE = "ledger.milestone_delete", "删除形象进度节点"
    CHANGE_REQUEST = "ledger.change_request", "提出调整申请"
    CHANGE_CHECK = "ledger.change_check", "核实调整申请"
    CHANGE_APPROVE = "ledger.change_approve", "批准调整申请"
    CHANGE_REJECT = "ledger.change_reject", "不予批准调整申请"
    CHANGE_WITHDRAW = "ledger.change_withdraw", "撤回调整申请"
    # reporting
    PERIOD_CREATE = "reporting.period_create", "新建报送期"
    PERIOD_UPDATE = "reporting.period_update", "修改报送期"
    PERIOD_OPEN = "reporting.period_open", "开启报送期"
    PERIOD_CLOSE = "reporting.period_close", "关闭报送期"
    REPORT_CREATE = "reporting.report_create", "导入进展报告"
    REPORT_UPDATE = "reporting.report_update", "导入更新进展报告"
    REPORT_SAVE = "reporting.report_save", "保存报告"
    REPORT_SUBMIT = "reporting.report_submit", "提交报告"
    REPORT_APPROVE = "reporting.report_approve", "通过报告"
    REPORT_RETURN = "reporting.report_return", "退回报告"
    CONTRIBUTION_SAVE = "reporting.contribution_save", "保存配合单位情况"
    ATTACHMENT_ADD = "reporting.attachment_add", "上传附件"
    STATUS_DECIDE = "reporting.status_decide", "认定状态"
    TABLE_IMPORT = "reporting.table_import", "导入进展表"
    LEDGER_EXPORT = "reporting.ledger_export", "导出台账"
    CLOSURE_APPLY = "reporting.closure_apply", "申请销号"
    CLOSURE_VERIFY = "reporting.closure_verify", "核实销号申请"
    CLOSURE_CONFIRM = "reporting.closure_confirm", "确认销号"
    CLOSURE_REJECT = "reporting.closure_reject", "退回销号申请"
    CLOSURE_REOPEN = "reporting.closure_reopen", "重启已销号任务"
    TABLE_LAYOUT_SAVE = "reporting.table_layout_save", "保存表格版式"
    # assessment
    DISAGREEMENT_EXPORT = "assessment.disagreement_export", "导出建议与认定不一致清单"
    INDICATORS_CONFIRM = "assessment.indicators_confirm", "确认指标"
    RULES_SAVE = "assessment.rules_save", "保存研判规则"
    # supervision
    SLIP_ISSUE = "supervision.slip_issue", "签发督办单"
    SLIP_SIGN = "supervision.slip_sign", "签收督办单"
    SLIP_REPLY = "supervision.slip_reply", "回复督办单"
    SLIP_CLOSE = "supervision.slip_close", "办结督办单"
    SLIP_ESCALATE = "supervision.slip_escalate", "升级督办单"
    SLIP_EXPORT = "supervision.slip_export", "导出督办单列表"
    SLIP_DOCX = "supervision.slip_docx", "下载督办单"
    PROPOSAL_CREATE = "supervision.proposal_create", "提出升级建议"
    PROPOSAL_ACCEPT = "supervision.proposal_accept", "采纳升级建议"
    PROPOSAL_DISMISS = "supervision.proposal_dismiss", "驳回升级建议"
    BULLETIN_CREATE = "supervision.bulletin_create", "生成通报"
    BULLETIN_DOWNLOAD = "supervision.bulletin_download", "下载通报"
    INSTRUCTION_RECORD = "supervision.instruction_record", "登记领导批示"
    INSTRUCTION_SIGN = "supervision.instruction_sign", "签收领导批示"
    INSTRUCTION_REPLY = "supervision.instruction_reply", "回复领导批示"
    # appraisal
    SCHEME_CREATE = "appraisal.scheme_create", "创建考核方案"
    SCHEME_UPDATE = "appraisal.scheme_update", "修改考核方案"
    RANKING_EXPORT = "appraisal.ranking_export", "导出考核排名"
    # publishing
    PUBLISH = "publishing.publish", "发布"
    WITHDRAW = "publishing.withdraw", "撤回公开"
    # dashboards
    COCKPIT_EXPORT = "dashboards.cockpit_export", "导出驾驶舱数据"
    # audit
    AUDIT_EXPORT = "audit.export", "导出审计日志"
    AUDIT_PRUNE = "audit.prune", "清理超过保留期的审计日志"
    # imports and exports (machinery)
    IMPORT_UPLOAD = "imports.upload", "上传导入文件"
    IMPORT_CONFIRM = "imports.confirm", "确认导入"
    IMPORT_REMAP = "imports.remap", "对应导入文件的列"
    TABLE_EXPORT = "exports.table", "导出进展表"


def verb_label(verb: str) -> str:
    """The office's name for `verb`; a verb no longer listed (old rows) shows as stored."""
    try:
        return str(AuditVerb(verb).label)
    except ValueError:
        return verb


# Events that change no data a page derives figures from: sign-in traffic and downloads. They
# leave the data version (core/data_version.py) as it was, so neither a burst of failed
# sign-ins nor an export makes every leader's cockpit compute again. Anything else bumps it.
VERBS_WITHOUT_DATA_CHANGE: frozenset[str] = frozenset(
    {
        AuditVerb.LOGIN,
        AuditVerb.LOGIN_FAILED,
        AuditVerb.LOGIN_WHILE_LOCKED,
        AuditVerb.OTP_VERIFY,
        AuditVerb.OTP_FAILED,
        AuditVerb.LEDGER_EXPORT,
        AuditVerb.DISAGREEMENT_EXPORT,
        AuditVerb.SLIP_EXPORT,
        AuditVerb.SLIP_DOCX,
        AuditVerb.BULLETIN_DOWNLOAD,
        AuditVerb.RANKING_EXPORT,
        AuditVerb.COCKPIT_EXPORT,
        AuditVerb.AUDIT_EXPORT,
        AuditVerb.TABLE_EXPORT,
    }
)
# Events that write a decided status and nothing else (`status_decision_set`): they change only
# the decisions' version, so figures that read no decision (the report-quality line) stay kept
# while the office decides. Callers that write more record their own event beside this one.
VERBS_CHANGING_DECISIONS_ONLY: frozenset[str] = frozenset({AuditVerb.STATUS_DECIDE})
