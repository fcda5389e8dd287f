# Vietnamese translations of the awards app (fed to scripts/po_fill.py).
T = {
    "Awards": "Khen thưởng",
    "Year": "Năm",
    "Area of achievement": "Lĩnh vực thành tích",
    "Form of reward": "Hình thức khen thưởng",
    "Issued within": "Cơ quan ban hành thuộc",
    "Recipients": "Đối tượng",
    "All": "Tất cả",
    "Status": "Trạng thái",
    "Number or recipient": "Số quyết định hoặc người, đơn vị được khen",
    "Everywhere I can see": "Toàn bộ phạm vi được xem",
    "Issuing unit": "Đơn vị ban hành",
    "Proposing unit": "Đơn vị đề nghị",
    "Type": "Loại",
    "Unit": "Đơn vị",
    "Name": "Tên",
    "Position": "Chức vụ",
    "Date of birth": "Ngày sinh",
    "Note": "Ghi chú",
    "Collectives and individuals": "Tập thể và cá nhân",
    "Collectives only": "Chỉ tập thể",
    "Individuals only": "Chỉ cá nhân",
    "Collective": "Tập thể",
    "Individual": "Cá nhân",
    "code": "mã",
    "name": "tên",
    "display order": "thứ tự hiển thị",
    "in use": "đang sử dụng",
    "given to": "đối tượng áp dụng",
    "emulation title": "danh hiệu thi đua",
    "emulation titles": "danh hiệu thi đua",
    "once per person": "mỗi người chỉ một lần",
    "A person can receive this form of reward only once.": "Mỗi người chỉ được nhận hình thức khen thưởng này một lần.",
    "form of reward": "hình thức khen thưởng",
    "forms of reward": "hình thức khen thưởng",
    "area of achievement": "lĩnh vực thành tích",
    "areas of achievement": "lĩnh vực thành tích",
    "Draft": "Dự thảo",
    "Proposed": "Đã đề nghị",
    "Issued": "Đã ban hành",
    "decision number": "số quyết định",
    "decision date": "ngày quyết định",
    "year of achievement": "năm thành tích",
    "status": "trạng thái",
    "issuing unit": "đơn vị ban hành",
    "issued by": "cơ quan, người ban hành",
    'E.g. "Ban Thường vụ Quận ủy", "Chủ tịch UBND quận".': "Ví dụ: “Ban Thường vụ Quận ủy”, “Chủ tịch UBND quận”.",
    "signed by": "người ký",
    "proposing unit": "đơn vị đề nghị",
    "content": "nội dung",
    "scanned decision": "bản quét quyết định",
    "award decision": "quyết định khen thưởng",
    "award decisions": "quyết định khen thưởng",
    "Decision %(number)s": "Quyết định số %(number)s",
    "Award proposal #%(pk)s": "Đề nghị khen thưởng #%(pk)s",
    "decision": "quyết định",
    "recipient type": "loại đối tượng",
    "unit": "đơn vị",
    "Full name of the individual, or name of a group.": "Họ và tên cá nhân, hoặc tên tập thể (nhóm).",
    "position": "chức vụ",
    "date of birth": "ngày sinh",
    "initiative rewarded": "mô hình, điển hình được khen",
    "note": "ghi chú",
    "award recipient": "đối tượng được khen thưởng",
    "award recipients": "đối tượng được khen thưởng",
    "Only a reviewer or leader of the issuing unit may issue an award decision in its name.": (
        "Chỉ lãnh đạo hoặc cán bộ thẩm định của đơn vị ban hành mới được ban hành quyết định khen thưởng nhân danh đơn vị đó."
    ),
    "You may propose awards only for a unit within your responsibility.": (
        "Chỉ được đề nghị khen thưởng cho đơn vị thuộc phạm vi phụ trách của bạn."
    ),
    "Choose a form of reward or an emulation title (or both).": (
        "Hãy chọn hình thức khen thưởng hoặc danh hiệu thi đua (hoặc cả hai)."
    ),
    "An issued decision needs its number.": "Quyết định đã ban hành phải có số quyết định.",
    "An issued decision needs its date.": "Quyết định đã ban hành phải có ngày quyết định.",
    "The year of achievement (%(year)s) does not match the decision date (%(date)s).": (
        "Năm thành tích (%(year)s) không khớp với ngày quyết định (%(date)s)."
    ),
    "The year of achievement is not plausible.": "Năm thành tích không hợp lệ.",
    "The proposing unit must lie under the issuing unit.": "Đơn vị đề nghị phải trực thuộc đơn vị ban hành.",
    "You may not change this award decision.": "Bạn không có quyền sửa quyết định khen thưởng này.",
    "Recipient %(n)s: %(error)s": "Đối tượng thứ %(n)s: %(error)s",
    "%(what)s is given to individuals only.": "%(what)s chỉ tặng cho cá nhân.",
    "%(what)s is given to collectives only.": "%(what)s chỉ tặng cho tập thể.",
    "by decision no. %(number)s of %(date)s": "theo Quyết định số %(number)s ngày %(date)s",
    "in a proposal for the year %(year)s": "trong đề nghị khen thưởng năm %(year)s",
    "%(name)s has already been given the %(form)s %(where)s; it is given only once per person. "
    "If this is a different person with the same name, enter the date of birth.": (
        "%(name)s đã được tặng %(form)s %(where)s; mỗi người chỉ được tặng một lần. "
        "Nếu là người khác trùng họ tên, hãy nhập ngày sinh."
    ),
    "Enter the full name of the individual.": "Hãy nhập họ và tên của cá nhân.",
    "Choose the rewarded unit or enter the name of the group.": "Hãy chọn đơn vị được khen hoặc nhập tên tập thể.",
    "%(name)s has already been given this form of reward.": "%(name)s đã được tặng hình thức khen thưởng này.",
    "Line %(n)s: %(error)s": "Dòng %(n)s: %(error)s",
    "Remove": "Xóa",
    "None.": "Không có.",
    "Edit": "Sửa",
    "Add recipients": "Thêm đối tượng được khen",
    "Issued by": "Cơ quan ban hành",
    "Decision number": "Số quyết định",
    "Decision date": "Ngày quyết định",
    "Year of achievement": "Năm thành tích",
    "Signed by": "Người ký",
    "Emulation title": "Danh hiệu thi đua",
    "Content": "Nội dung",
    "Scanned decision": "Bản quét quyết định",
    "Download": "Tải về",
    "Collectives": "Tập thể",
    "Individuals": "Cá nhân",
    "Changes to the recipients": "Thay đổi danh sách được khen",
    "system": "hệ thống",
    "added": "thêm",
    "removed": "xóa",
    "changed": "sửa",
    "No changes recorded.": "Chưa có thay đổi nào.",
    "Edit award decision": "Sửa quyết định khen thưởng",
    "New award decision": "Quyết định khen thưởng mới",
    "Save": "Lưu",
    "Cancel": "Hủy",
    "Award decisions": "Quyết định khen thưởng",
    "New decision": "Thêm quyết định",
    "Filter": "Lọc",
    "Decision": "Quyết định",
    "Reward": "Khen thưởng",
    "No. %(n)s": "Số %(n)s",
    "(no number)": "(chưa có số)",
    "No award decisions.": "Chưa có quyết định khen thưởng nào.",
    "One line per collective or individual. For a collective choose its unit, or enter the name of a group "
    "and the unit it belongs to. Empty lines are ignored.": (
        "Mỗi dòng một tập thể hoặc cá nhân. Với tập thể, chọn đơn vị, hoặc nhập tên tập thể kèm đơn vị "
        "mà tập thể trực thuộc. Dòng để trống được bỏ qua."
    ),
    "More lines": "Thêm dòng",
    "The award decision was saved. Now add its recipients.": "Đã lưu quyết định khen thưởng. Hãy thêm các đối tượng được khen.",
    "Changes saved.": "Đã lưu thay đổi.",
    "Fill in at least one line.": "Hãy điền ít nhất một dòng.",
    "%(n)s recipients were added.": "Đã thêm %(n)s đối tượng được khen.",
    "%(name)s was removed from the decision.": "Đã xóa %(name)s khỏi quyết định.",
}
T.update(
    {
        "Initiative": "Mô hình, điển hình",
    }
)
T.update(
    {
        "The lines are": "Các dòng là",
        "Paste a list": "Dán danh sách",
        "One per line, columns separated by a tab (copied from Excel) or by a semicolon. Collectives: "
        "name of the unit or group; unit it belongs to. Individuals: full name; position; unit; date of birth.": (
            "Mỗi dòng một đối tượng, các cột cách nhau bằng dấu tab (sao chép từ Excel) hoặc dấu chấm phẩy. "
            "Tập thể: tên đơn vị hoặc tập thể; đơn vị trực thuộc. Cá nhân: họ và tên; chức vụ; đơn vị; ngày sinh."
        ),
        "Fill the lines": "Điền vào các dòng",
    }
)
