<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddOptOutDialog</name>
    <message>
        <source>Add to opt-out list</source>
        <translation>加入退订名单</translation>
    </message>
    <message>
        <source>The number will receive no marketing messages from now on, even from campaigns already running.</source>
        <translation>从现在起，该号码不会再收到任何营销短信，正在进行的活动也不会再发送。</translation>
    </message>
    <message>
        <source>e.g. 138 1234 5678</source>
        <translation>例如 138 1234 5678</translation>
    </message>
    <message>
        <source>Asked by phone</source>
        <translation>电话要求</translation>
    </message>
    <message>
        <source>Asked in store</source>
        <translation>到店要求</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Replied to a message</source>
        <translation>短信回复要求</translation>
    </message>
    <message>
        <source>Mobile number:</source>
        <translation>手机号码：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>%1 added to the opt-out list</source>
        <translation>已将 %1 加入退订名单</translation>
    </message>
    <message>
        <source>%1 was already opted out</source>
        <translation>%1 已在退订名单中</translation>
    </message>
</context>
<context>
    <name>ConsentLabels</name>
    <message>
        <source>Marketing (offers and notices)</source>
        <translation>营销（优惠及通知）</translation>
    </message>
    <message>
        <source>Service notices only</source>
        <translation>仅服务通知</translation>
    </message>
    <message>
        <source>No consent</source>
        <translation>未授权</translation>
    </message>
    <message>
        <source>SMS reply</source>
        <translation>短信回复</translation>
    </message>
    <message>
        <source>Verification code (OTP)</source>
        <translation>短信验证码（OTP）</translation>
    </message>
    <message>
        <source>Signed confirmation</source>
        <translation>签字确认</translation>
    </message>
    <message>
        <source>Web or app form (ticked box)</source>
        <translation>网页或 App 勾选同意</translation>
    </message>
    <message>
        <source>Paper form in store</source>
        <translation>门店纸质表单</translation>
    </message>
    <message>
        <source>Imported list</source>
        <translation>导入名单</translation>
    </message>
    <message>
        <source>Consent given</source>
        <translation>已授权</translation>
    </message>
    <message>
        <source>Consent withdrawn</source>
        <translation>已撤回授权</translation>
    </message>
    <message>
        <source>Opted out</source>
        <translation>已退订</translation>
    </message>
    <message>
        <source>Consented to marketing</source>
        <translation>同意接收营销短信</translation>
    </message>
    <message>
        <source>Narrowed to service notices</source>
        <translation>改为仅接收服务通知</translation>
    </message>
    <message>
        <source>No action</source>
        <translation>无需处理</translation>
    </message>
    <message>
        <source>The newest records were deleted: the log should hold %1 records but holds %2.</source>
        <translation>最新的记录被删除了：证据日志应有 %1 条记录，实际只有 %2 条。</translation>
    </message>
    <message>
        <source>Record #%1 was changed after it was written.</source>
        <translation>第 %1 号记录在写入后被改动过。</translation>
    </message>
    <message>
        <source>Record #%1 was added to the log outside SMSDesk.</source>
        <translation>第 %1 号记录是在 SMSDesk 之外被加入日志的。</translation>
    </message>
    <message>
        <source>One or more records were deleted just before record #%1.</source>
        <translation>第 %1 号记录之前有一条或多条记录被删除。</translation>
    </message>
    <message>
        <source>Records were moved: the order breaks at record #%1.</source>
        <translation>记录顺序被调换：从第 %1 号记录起顺序不再连贯。</translation>
    </message>
    <message>
        <source>The log&apos;s own record count and last hash were deleted or reset, so removed records can no longer be ruled out.</source>
        <translation>日志自身保存的记录数和末条哈希被删除或重置，因此无法排除有记录被删除。</translation>
    </message>
    <message>
        <source>The newest records were changed, replaced or removed.</source>
        <translation>最新的记录被改动、替换或删除。</translation>
    </message>
    <message>
        <source>The log differs from the copy this computer verified before: records were rewritten or removed since then (or an older backup was restored).</source>
        <translation>日志与本机上次校验时的状态不一致：此后有记录被改写或删除（或恢复了较旧的备份）。</translation>
    </message>
    <message>
        <source>The evidence file of record #%1 is missing.</source>
        <translation>第 %1 号记录的证据文件缺失。</translation>
    </message>
    <message>
        <source>The evidence file of record #%1 was changed.</source>
        <translation>第 %1 号记录的证据文件被改动过。</translation>
    </message>
    <message>
        <source>This number opted out. Describe the new consent in Evidence (or attach a file) to take it off the opt-out list.</source>
        <translation>该号码已退订。请在“证据”中写明新的授权（或附上文件），才能将其移出退订名单。</translation>
    </message>
    <message>
        <source>The consent you entered is older than the opt-out. Only a consent given after the opt-out can lift it.</source>
        <translation>您填写的授权时间早于退订时间。只有退订之后重新给出的授权才能解除退订。</translation>
    </message>
    <message>
        <source>The time of consent is in the future. Check the date and time.</source>
        <translation>授权时间晚于当前时间，请检查日期和时间。</translation>
    </message>
    <message>
        <source>This number is not on the opt-out list.</source>
        <translation>该号码不在退订名单中。</translation>
    </message>
    <message>
        <source>The evidence file cannot be found. Attach it again.</source>
        <translation>找不到证据文件，请重新附加。</translation>
    </message>
    <message>
        <source>Choose what the person agreed to receive.</source>
        <translation>请选择对方同意接收的短信类型。</translation>
    </message>
    <message>
        <source>Choose how the consent was given.</source>
        <translation>请选择授权方式。</translation>
    </message>
    <message>
        <source>Export to a file ending in .xlsx or .pdf.</source>
        <translation>请导出为 .xlsx 或 .pdf 文件。</translation>
    </message>
    <message>
        <source>The file is password-protected. Save an unprotected copy and import that.</source>
        <translation>文件设有密码保护。请另存一份无密码的副本再导入。</translation>
    </message>
    <message>
        <source>The file cannot be read. Save it again as .xlsx or .csv and retry.</source>
        <translation>无法读取该文件。请另存为 .xlsx 或 .csv 后重试。</translation>
    </message>
    <message>
        <source>The file cannot be found.</source>
        <translation>找不到该文件。</translation>
    </message>
    <message>
        <source>The text file&apos;s encoding is unknown. Save it as UTF-8 and retry.</source>
        <translation>无法识别文本文件的编码。请另存为 UTF-8 后重试。</translation>
    </message>
    <message>
        <source>This is not a text file. Use .csv, .txt or an Excel file.</source>
        <translation>这不是文本文件。请使用 .csv、.txt 或 Excel 文件。</translation>
    </message>
    <message>
        <source>Enter a mobile number.</source>
        <translation>请输入手机号码。</translation>
    </message>
    <message>
        <source>This is not a phone number.</source>
        <translation>这不是电话号码。</translation>
    </message>
    <message>
        <source>This is not a valid mobile number (wrong length or an unused range).</source>
        <translation>这不是有效的手机号码（位数不对或号段未启用）。</translation>
    </message>
    <message>
        <source>This is a landline: SMS needs a mobile number.</source>
        <translation>这是固定电话：短信需要手机号码。</translation>
    </message>
    <message>
        <source>Numbers from this region are not allowed in Settings.</source>
        <translation>设置中不允许该地区的号码。</translation>
    </message>
    <message>
        <source>The same number appears earlier in this file.</source>
        <translation>该号码在文件前面已出现过。</translation>
    </message>
</context>
<context>
    <name>ConsentTimeline</name>
    <message>
        <source>Record consent…</source>
        <translation>记录授权…</translation>
    </message>
    <message>
        <source>Take off opt-out list…</source>
        <translation>移出退订名单…</translation>
    </message>
    <message>
        <source>Export evidence…</source>
        <translation>导出证据…</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <source>Consent: %1</source>
        <translation>授权：%1</translation>
    </message>
    <message>
        <source>Opted out since %1 — no marketing</source>
        <translation>自 %1 起已退订 —— 不发送营销短信</translation>
    </message>
    <message>
        <source>Not opted out</source>
        <translation>未退订</translation>
    </message>
    <message>
        <source>All consent</source>
        <translation>全部授权</translation>
    </message>
    <message>
        <source>recorded by %1</source>
        <translation>录入人 %1</translation>
    </message>
    <message>
        <source>Put on opt-out list</source>
        <translation>加入退订名单</translation>
    </message>
    <message>
        <source>Taken off opt-out list</source>
        <translation>移出退订名单</translation>
    </message>
    <message>
        <source>Replied</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>文件：%1</translation>
    </message>
    <message>
        <source>Double-click to open the file</source>
        <translation>双击打开文件</translation>
    </message>
    <message>
        <source>No consent recorded yet</source>
        <translation>尚无授权记录</translation>
    </message>
</context>
<context>
    <name>EvidenceExporter</name>
    <message>
        <source>Export consent evidence</source>
        <translation>导出授权证据</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Evidence for %1 saved to %2.</source>
        <translation>%1 的证据已保存到 %2。</translation>
    </message>
    <message>
        <source>The evidence log verifies.</source>
        <translation>证据日志校验通过。</translation>
    </message>
    <message>
        <source>Warning: the evidence log does not verify (the document says so): </source>
        <translation>警告：证据日志未通过校验（文档中已注明）：</translation>
    </message>
    <message>
        <source>The evidence could not be exported: %1</source>
        <translation>证据导出失败：%1</translation>
    </message>
</context>
<context>
    <name>EvidencePanel</name>
    <message>
        <source>Every consent and withdrawal is chained to the one before it by a SHA-256 hash, so a change, insertion or deletion made outside SMSDesk is detectable. Verify the log before you hand evidence to anyone.</source>
        <translation>每一条授权和撤回记录都通过 SHA-256 哈希与前一条相连，在 SMSDesk 之外做的任何修改、插入或删除都能被发现。向任何人提交证据之前，请先校验日志。</translation>
    </message>
    <message>
        <source>Verify evidence log</source>
        <translation>校验证据日志</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Evidence for one number:</source>
        <translation>导出单个号码的证据：</translation>
    </message>
    <message>
        <source>e.g. 138 1234 5678</source>
        <translation>例如 138 1234 5678</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>正在校验…</translation>
    </message>
    <message>
        <source>The evidence log is intact.</source>
        <translation>证据日志完整无损。</translation>
    </message>
    <message>
        <source>%1 records checked at %2: none was changed, added, removed or reordered, and every evidence file matches its hash.</source>
        <translation>已于 %2 校验 %1 条记录：没有任何记录被修改、插入、删除或调换顺序，所有证据文件都与其哈希一致。</translation>
    </message>
    <message>
        <source>Last hash: %1</source>
        <translation>末条哈希：%1</translation>
    </message>
    <message>
        <source>The evidence log does NOT verify.</source>
        <translation>证据日志未通过校验。</translation>
    </message>
    <message>
        <source>Do not edit the database. Export the evidence you need now (the documents state this problem), restore your latest backup if you have one, and find out who had access to the database file.</source>
        <translation>请不要再改动数据库。立即导出您需要的证据（文档中会注明此问题），如有备份请恢复最近的备份，并查明谁接触过数据库文件。</translation>
    </message>
    <message>
        <source>The check could not run: %1</source>
        <translation>无法进行校验：%1</translation>
    </message>
    <message>
        <source>Check cancelled; nothing was changed.</source>
        <translation>已取消校验，未做任何更改。</translation>
    </message>
</context>
<context>
    <name>OptOutModel</name>
    <message>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>加入时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Suppressed</source>
        <translation>已屏蔽</translation>
    </message>
    <message>
        <source>Removed %1</source>
        <translation>已于 %1 移出</translation>
    </message>
</context>
<context>
    <name>OptOutsPage</name>
    <message>
        <source>Search number, reason or source</source>
        <translation>搜索号码、原因或来源</translation>
    </message>
    <message>
        <source>Show removed</source>
        <translation>显示已移出的</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export with masked numbers…</source>
        <translation>导出（号码打码）…</translation>
    </message>
    <message>
        <source>Export full numbers (for a provider)…</source>
        <translation>导出完整号码（供短信服务商使用）…</translation>
    </message>
    <message>
        <source>Take off list…</source>
        <translation>移出名单…</translation>
    </message>
    <message>
        <source>No opt-outs</source>
        <translation>暂无退订号码</translation>
    </message>
    <message>
        <source>Numbers that reply T, 退订 or STOP land here automatically and never receive marketing again. You can also add numbers by hand or import a list from your SMS provider.</source>
        <translation>回复 T、退订或 STOP 的号码会自动进入这里，之后不会再收到营销短信。您也可以手动添加号码，或从短信服务商导入名单。</translation>
    </message>
    <message>
        <source>Import a list…</source>
        <translation>导入名单…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Opt-outs</source>
        <translation>退订名单</translation>
    </message>
    <message>
        <source>%1 matching number(s)</source>
        <translation>匹配到 %1 个号码</translation>
    </message>
    <message>
        <source>%1 number(s) on the opt-out list</source>
        <translation>退订名单中共 %1 个号码</translation>
    </message>
    <message>
        <source>Import opt-out list</source>
        <translation>导入退订名单</translation>
    </message>
    <message>
        <source>Lists (*.xlsx *.xls *.csv *.txt)</source>
        <translation>名单文件 (*.xlsx *.xls *.csv *.txt)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Import cancelled; nothing was added.</source>
        <translation>已取消导入，未添加任何号码。</translation>
    </message>
    <message>
        <source>Imported %1: %2 added, %3 already on the list, %4 rows skipped.</source>
        <translation>已导入 %1：新增 %2 个，%3 个已在名单中，跳过 %4 行。</translation>
    </message>
    <message>
        <source>row %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <source>Export opt-out list</source>
        <translation>导出退订名单</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>%1 number(s) exported to %2</source>
        <translation>已将 %1 个号码导出到 %2</translation>
    </message>
</context>
<context>
    <name>RecordConsentDialog</name>
    <message>
        <source>Take off the opt-out list</source>
        <translation>移出退订名单</translation>
    </message>
    <message>
        <source>Record consent</source>
        <translation>记录授权</translation>
    </message>
    <message>
        <source>e.g. 138 1234 5678</source>
        <translation>例如 138 1234 5678</translation>
    </message>
    <message>
        <source>Mobile number:</source>
        <translation>手机号码：</translation>
    </message>
    <message>
        <source>Consent given</source>
        <translation>已授权</translation>
    </message>
    <message>
        <source>Consent withdrawn</source>
        <translation>已撤回授权</translation>
    </message>
    <message>
        <source>What happened:</source>
        <translation>发生了什么：</translation>
    </message>
    <message>
        <source>Agreed to receive:</source>
        <translation>同意接收：</translation>
    </message>
    <message>
        <source>How:</source>
        <translation>方式：</translation>
    </message>
    <message>
        <source>e.g. front desk of the Xuhui store, sign-up page</source>
        <translation>例如：徐汇门店前台、官网注册页</translation>
    </message>
    <message>
        <source>Where:</source>
        <translation>地点/渠道：</translation>
    </message>
    <message>
        <source>When:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <source>What proves it: the reply text, the OTP log id, the form number…</source>
        <translation>证明材料：回复内容、验证码日志编号、表单编号…</translation>
    </message>
    <message>
        <source>Evidence:</source>
        <translation>证据：</translation>
    </message>
    <message>
        <source>No file attached</source>
        <translation>未附文件</translation>
    </message>
    <message>
        <source>Attach…</source>
        <translation>附加…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Evidence file:</source>
        <translation>证据文件：</translation>
    </message>
    <message>
        <source>Recorded by:</source>
        <translation>录入人：</translation>
    </message>
    <message>
        <source>Attach evidence</source>
        <translation>附加证据</translation>
    </message>
    <message>
        <source>Scans and documents (*.pdf *.jpg *.jpeg *.png *.heic *.txt *.csv *.xlsx)</source>
        <translation>扫描件和文档 (*.pdf *.jpg *.jpeg *.png *.heic *.txt *.csv *.xlsx)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>This number asked not to receive marketing. To send again you need a new, explicit consent given after the opt-out. Describe it below; the change is recorded and audited.</source>
        <translation>该号码已要求不再接收营销短信。要再次发送，需要对方在退订之后重新明确授权。请在下方写明；此更改会被记录并留档审计。</translation>
    </message>
    <message>
        <source>Consent is kept as evidence that cannot be changed later. Record what the person agreed to, how, and what proves it.</source>
        <translation>授权将作为不可更改的证据保存。请记录对方同意了什么、通过什么方式，以及有什么证明。</translation>
    </message>
    <message>
        <source>This number opted out on %1: a marketing consent with evidence takes it off the opt-out list.</source>
        <translation>该号码已于 %1 退订：记录一条带证据的营销授权后，即可将其移出退订名单。</translation>
    </message>
    <message>
        <source>Describe the new consent in Evidence or attach a file.</source>
        <translation>请在“证据”中写明新的授权，或附上文件。</translation>
    </message>
    <message>
        <source>Consent recorded for %1</source>
        <translation>已为 %1 记录授权</translation>
    </message>
</context>
<context>
    <name>RecordReplyDialog</name>
    <message>
        <source>Record a reply</source>
        <translation>记录回复</translation>
    </message>
    <message>
        <source>Opt-outs (T, 退订, STOP…) go on the opt-out list at once; Y, A and START update consent with the reply as evidence.</source>
        <translation>退订回复（T、退订、STOP…）会立即加入退订名单；Y、A 和 START 会以回复内容为证据更新授权。</translation>
    </message>
    <message>
        <source>e.g. 138 1234 5678</source>
        <translation>例如 138 1234 5678</translation>
    </message>
    <message>
        <source>Decide from the last message sent</source>
        <translation>根据最近发出的短信判断</translation>
    </message>
    <message>
        <source>Answer to a re-permission message (Y/A/T)</source>
        <translation>回复的是授权确认短信（Y/A/T）</translation>
    </message>
    <message>
        <source>Not an answer to a re-permission message</source>
        <translation>不是对授权确认短信的回复</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>发送号码：</translation>
    </message>
    <message>
        <source>Reply text:</source>
        <translation>回复内容：</translation>
    </message>
    <message>
        <source>Received:</source>
        <translation>接收时间：</translation>
    </message>
    <message>
        <source>Context:</source>
        <translation>上下文：</translation>
    </message>
    <message>
        <source>Enter the text of the reply.</source>
        <translation>请输入回复内容。</translation>
    </message>
</context>
<context>
    <name>RepliesPage</name>
    <message>
        <source>Received</source>
        <translation>接收时间</translation>
    </message>
    <message>
        <source>From</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>回复内容</translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>needs review</source>
        <translation>需人工查看</translation>
    </message>
    <message>
        <source>The reply mentions an opt-out or consent word but was not read as one (a question, a negation or other words around it). Read it and act by hand if needed.</source>
        <translation>该回复提到了退订或授权用语，但未被识别为指令（是提问、否定或夹杂其他内容）。请人工阅读，必要时手动处理。</translation>
    </message>
    <message>
        <source>All replies</source>
        <translation>全部回复</translation>
    </message>
    <message>
        <source>Opt-outs</source>
        <translation>退订名单</translation>
    </message>
    <message>
        <source>Consent to marketing</source>
        <translation>同意营销</translation>
    </message>
    <message>
        <source>Narrowed to service</source>
        <translation>改为仅服务通知</translation>
    </message>
    <message>
        <source>No action</source>
        <translation>无需处理</translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation>需人工查看</translation>
    </message>
    <message>
        <source>Search reply text</source>
        <translation>搜索回复内容</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>Record reply…</source>
        <translation>记录回复…</translation>
    </message>
    <message>
        <source>No replies yet</source>
        <translation>暂无回复</translation>
    </message>
    <message>
        <source>Replies to your messages appear here with the action taken: opt-outs go on the opt-out list at once, Y/A/START update consent. Replies are pulled from your provider; you can also enter one by hand.</source>
        <translation>客户对短信的回复会显示在这里，并注明处理结果：退订会立即加入退订名单，Y/A/START 会更新授权。回复会从短信服务商自动拉取，您也可以手动录入。</translation>
    </message>
    <message>
        <source>Record a reply…</source>
        <translation>记录回复…</translation>
    </message>
    <message>
        <source>Replies</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>%1 reply(ies)</source>
        <translation>共 %1 条回复</translation>
    </message>
    <message>
        <source>Reply recorded: the number is now on the opt-out list.</source>
        <translation>回复已记录：该号码已加入退订名单。</translation>
    </message>
    <message>
        <source>Reply recorded: consent to marketing, with the reply as evidence.</source>
        <translation>回复已记录：已同意接收营销短信，回复内容作为证据。</translation>
    </message>
    <message>
        <source>Reply recorded: consent narrowed to service notices.</source>
        <translation>回复已记录：已改为仅接收服务通知。</translation>
    </message>
    <message>
        <source>Reply recorded: it asks for nothing, so nothing changed.</source>
        <translation>回复已记录：该回复没有提出任何要求，未做更改。</translation>
    </message>
</context>
</TS>
