<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApprovalTable</name>
    <message>
        <location filename="../../smsdesk/ui/templates/approval_table.py" line="57"/>
        <source>Provider account</source>
        <translation>服务商账号</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/approval_table.py" line="59"/>
        <source>Template code</source>
        <translation>模板编号</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/approval_table.py" line="60"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/approval_table.py" line="60"/>
        <source>Reason (if rejected)</source>
        <translation>驳回原因</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/approval_table.py" line="60"/>
        <source>Approved text</source>
        <translation>审核通过的文本</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/approval_table.py" line="90"/>
        <source>e.g. SMS_154950909</source>
        <translation>例如 SMS_154950909</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/approval_table.py" line="101"/>
        <source>What the provider said</source>
        <translation>服务商给出的原因</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/approval_table.py" line="125"/>
        <source>Needs re-approval</source>
        <translation>需要重新审核</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/approval_table.py" line="128"/>
        <source>The text changed since it was approved. Approved text:</source>
        <translation>审核通过后文本已修改。审核通过的文本：</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/approval_table.py" line="133"/>
        <source>Up to date</source>
        <translation>与当前文本一致</translation>
    </message>
</context>
<context>
    <name>Approvals</name>
    <message>
        <location filename="../../smsdesk/ui/templates/approval_table.py" line="25"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/approval_table.py" line="26"/>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/approval_table.py" line="27"/>
        <source>Approved</source>
        <translation>已通过</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/approval_table.py" line="28"/>
        <source>Rejected</source>
        <translation>已驳回</translation>
    </message>
</context>
<context>
    <name>CheckedTextEdit</name>
    <message>
        <location filename="../../smsdesk/ui/templates/checked_text_edit.py" line="101"/>
        <source>Fix:</source>
        <translation>修改：</translation>
    </message>
</context>
<context>
    <name>Findings</name>
    <message>
        <location filename="../../smsdesk/ui/templates/checked_text_edit.py" line="40"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/checked_text_edit.py" line="41"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/checked_text_edit.py" line="42"/>
        <source>Hint</source>
        <translation>建议</translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <location filename="../../smsdesk/ui/templates/findings_panel.py" line="63"/>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/findings_panel.py" line="63"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/findings_panel.py" line="63"/>
        <location filename="../../smsdesk/ui/templates/findings_panel.py" line="145"/>
        <source>Fix</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/findings_panel.py" line="109"/>
        <source>Select a problem to see it in the text; hover over an underline for details.</source>
        <translation>选中一个问题可在正文中定位；鼠标停在波浪线上可查看说明。</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/findings_panel.py" line="117"/>
        <source>No problems found.</source>
        <translation>没有发现问题。</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/findings_panel.py" line="120"/>
        <source>%1 error(s) block sending; %2 warning(s), %3 hint(s).</source>
        <translation>%1 个错误，不能发送；%2 个警告，%3 条建议。</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/findings_panel.py" line="127"/>
        <source>Nothing blocks sending; %1 warning(s), %2 hint(s).</source>
        <translation>可以发送；%1 个警告，%2 条建议。</translation>
    </message>
</context>
<context>
    <name>PreviewPanel</name>
    <message>
        <location filename="../../smsdesk/ui/templates/preview_panel.py" line="46"/>
        <source>All domestic carriers</source>
        <translation>全部国内运营商</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/preview_panel.py" line="47"/>
        <source>China Mobile</source>
        <translation>中国移动</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/preview_panel.py" line="48"/>
        <source>China Unicom</source>
        <translation>中国联通</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/preview_panel.py" line="49"/>
        <source>China Telecom</source>
        <translation>中国电信</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/preview_panel.py" line="50"/>
        <source>International</source>
        <translation>境外号码</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/preview_panel.py" line="53"/>
        <source>China Telecom and China Unicom block links and phone numbers; check for the carriers your recipients use.</source>
        <translation>中国电信和中国联通会拦截含链接和电话号码的短信；请按收件人所用的运营商检查。</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/preview_panel.py" line="57"/>
        <source>Recipients on:</source>
        <translation>收件人运营商：</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/preview_panel.py" line="60"/>
        <source>Preview for:</source>
        <translation>预览对象：</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/preview_panel.py" line="98"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
</context>
<context>
    <name>SignaturesPage</name>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="59"/>
        <source>Signatures</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="68"/>
        <source>Every message starts with a 【signature】 your provider approved: 2–12 characters, matching your company name or trademark.</source>
        <translation>每条短信都以服务商审核通过的【签名】开头：2–12 个字，须与企业名称或注册商标一致。</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="85"/>
        <source>New signature</source>
        <translation>新建签名</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="88"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="100"/>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="152"/>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="104"/>
        <source>e.g. XX生鲜</source>
        <translation>例如 XX生鲜</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="107"/>
        <source>The company or trademark it stands for</source>
        <translation>签名对应的企业名称或商标</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="109"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="110"/>
        <source>Company:</source>
        <translation>企业：</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="111"/>
        <source>Notes:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="117"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="125"/>
        <source>Approval per provider account</source>
        <translation>各服务商账号的审核状态</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="128"/>
        <source>No provider accounts yet: add one on the Providers page.</source>
        <translation>还没有服务商账号：请先在“服务商”页面添加。</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="152"/>
        <source>Company</source>
        <translation>企业</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="240"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="246"/>
        <source>This signature exists already.</source>
        <translation>这个签名已经存在。</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="248"/>
        <source>Write the name without 【】; they are added when the message is sent.</source>
        <translation>名称不要带【】，发送时会自动加上。</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="249"/>
        <source>A signature has 2 to 12 characters.</source>
        <translation>签名须为 2–12 个字。</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="267"/>
        <source>2–12 characters, as registered with your provider.</source>
        <translation>2–12 个字，与在服务商处报备的一致。</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="270"/>
        <source>%1 characters: a signature has 2–12.</source>
        <translation>%1 个字：签名须为 2–12 个字。</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="274"/>
        <source>Messages will start with 【%1】.</source>
        <translation>短信将以【%1】开头。</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="309"/>
        <source>Delete signature</source>
        <translation>删除签名</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/signatures_page.py" line="310"/>
        <source>Delete 【%1】? Templates that use it will have no signature.</source>
        <translation>删除【%1】？使用它的模板将没有签名。</translation>
    </message>
</context>
<context>
    <name>TemplateForm</name>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="88"/>
        <source>Message text, e.g. {name}，今晚20:00前到店享8折，拒收请回复R</source>
        <translation>短信内容，例如：{name}，今晚20:00前到店享8折，拒收请回复R</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="104"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="107"/>
        <source>Marketing</source>
        <translation>营销</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="108"/>
        <source>Service (notification)</source>
        <translation>通知（服务类）</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="112"/>
        <source>Written with AI help</source>
        <translation>借助AI撰写</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="114"/>
        <source>AI-assisted marketing must be labelled as advertising (广告).</source>
        <translation>借助AI生成的营销内容须标明“广告”。</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="117"/>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="120"/>
        <source>Signature:</source>
        <translation>签名：</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="130"/>
        <source>Insert variable</source>
        <translation>插入变量</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="134"/>
        <source>Word lists</source>
        <translation>词表</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="151"/>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="372"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="154"/>
        <source>Approvals</source>
        <translation>审核</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="155"/>
        <source>Registered with carriers</source>
        <translation>运营商报备</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="167"/>
        <source>Revert</source>
        <translation>撤销修改</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="169"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="183"/>
        <source>Record what each provider decided. Approving keeps the exact text; a later edit needs re-approval before sending.</source>
        <translation>记录各服务商的审核结果。审核通过时会保存当时的文本；之后再修改，须重新审核后才能发送。</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="189"/>
        <source>No provider accounts yet: add one on the Providers page.</source>
        <translation>还没有服务商账号：请先在“服务商”页面添加。</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="200"/>
        <source>A template may register (报备) one link and two contacts with the carriers; these exact items are then allowed.</source>
        <translation>每个模板可向运营商报备 1 个链接和 2 个联系方式；报备过的这些内容可以使用。</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="206"/>
        <source>e.g. https://shop.example.com/coupon</source>
        <translation>例如 https://shop.example.com/coupon</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="208"/>
        <source>e.g. 400-800-1234</source>
        <translation>例如 400-800-1234</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="209"/>
        <source>Registered link:</source>
        <translation>报备链接：</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="211"/>
        <source>Registered contact %1:</source>
        <translation>报备联系方式 %1：</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="232"/>
        <source>(no signature)</source>
        <translation>（无签名）</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="246"/>
        <source>Sample values</source>
        <translation>示例数据</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="268"/>
        <source>Edit my word list…</source>
        <translation>编辑我的词表…</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="374"/>
        <source>Characters: %1 · Parts: %2 · Encoding: %3</source>
        <translation>字数：%1 · 计费条数：%2 · 编码：%3</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/template_form.py" line="382"/>
        <source>Length and parts are counted for the longest name among your contacts.</source>
        <translation>字数和条数按联系人中最长的姓名计算。</translation>
    </message>
</context>
<context>
    <name>TemplatesPage</name>
    <message>
        <location filename="../../smsdesk/ui/templates/templates_page.py" line="51"/>
        <source>Templates</source>
        <translation>短信模板</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/templates_page.py" line="67"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/templates_page.py" line="70"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/templates_page.py" line="81"/>
        <source>No templates yet</source>
        <translation>还没有模板</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/templates_page.py" line="83"/>
        <source>Write a message; the checker shows as you type what a carrier or the law would reject.</source>
        <translation>写一条短信；边写边检查，随时提示运营商或法规不允许的内容。</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/templates_page.py" line="85"/>
        <location filename="../../smsdesk/ui/templates/templates_page.py" line="162"/>
        <source>New template</source>
        <translation>新模板</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/templates_page.py" line="124"/>
        <source>Marketing</source>
        <translation>营销</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/templates_page.py" line="124"/>
        <source>Service</source>
        <translation>通知</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/templates_page.py" line="296"/>
        <source>Delete template</source>
        <translation>删除模板</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/templates_page.py" line="297"/>
        <source>Delete the template “%1” and its approval records?</source>
        <translation>删除模板“%1”及其审核记录？</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/templates_page.py" line="209"/>
        <source>Saved. The checker still finds errors: this template cannot be sent until they are fixed.</source>
        <translation>已保存。检查仍发现错误：改正之前这个模板不能发送。</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/templates_page.py" line="214"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/templates_page.py" line="225"/>
        <source>Another template already has this name.</source>
        <translation>已有同名模板。</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/templates_page.py" line="227"/>
        <source>Give the template a name (up to 80 characters).</source>
        <translation>请给模板起个名称（最多 80 个字）。</translation>
    </message>
    <message>
        <location filename="../../smsdesk/ui/templates/templates_page.py" line="228"/>
        <source>Could not save: %1</source>
        <translation>无法保存：%1</translation>
    </message>
</context>
</TS>
