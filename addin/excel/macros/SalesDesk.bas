Attribute VB_Name = "SalesDesk"
' SalesDesk: one macro per job. The ribbon callbacks (SalesDeskRibbon) and the buttons on
' the templates both call these. Each one hands the job to Python through xlwings'
' RunPython; the Python entry point (addin.entry) works on the active workbook and its
' folder, and ends with a plain message. Nothing here does any work of its own, so the
' command line and Excel always run the same code.
Option Explicit

Private Const TITLE As String = "SalesDesk"

' @SAY@

' A workbook must be active: with none open, or only a Protected View window (whose
' workbook is not in ActiveWorkbook), xlwings' RunPython stops with run-time error 91.
Private Function WorkbookActive() As Boolean
    If ActiveWorkbook Is Nothing Then
        MsgBox Say("open_first"), vbInformation, TITLE
        Exit Function
    End If
    WorkbookActive = True
End Function

' The workbook must exist as a file: the company folder is the folder it is saved in.
Private Function ReadyToRun() As Boolean
    If Not WorkbookActive() Then Exit Function
    If ActiveWorkbook.Path = "" Then
        MsgBox Say("save_first"), vbInformation, TITLE
        Exit Function
    End If
    ReadyToRun = True
End Function

' Ask for a period; only a well-formed period ever reaches the Python command line.
Private Function AskPeriod(Prompt As String, Suggestion As String, AllowLong As Boolean) As String
    Dim Answer As String
    Answer = Trim$(InputBox(Prompt, TITLE, Suggestion))
    If Answer = "" Then Exit Function
    If Answer Like "####-##" Then
        AskPeriod = Answer
    ElseIf AllowLong And (Answer Like "####-Q#" Or Answer Like "####") Then
        AskPeriod = Answer
    ElseIf AllowLong Then
        MsgBox Replace(Say("not_period"), "{value}", Answer), vbExclamation, TITLE
    Else
        MsgBox Replace(Say("not_month"), "{value}", Answer), vbExclamation, TITLE
    End If
End Function

Private Function ThisMonth() As String
    ThisMonth = Format$(Date, "yyyy-mm")
End Function

Private Function LastMonth() As String
    LastMonth = Format$(DateAdd("m", -1, Date), "yyyy-mm")
End Function

Public Sub SalesDeskCheck()
    If Not ReadyToRun() Then Exit Sub
    RunPython "import addin.entry as sd; sd.check()"
End Sub

Public Sub SalesDeskSplit()
    If Not ReadyToRun() Then Exit Sub
    RunPython "import addin.entry as sd; sd.split()"
End Sub

Public Sub SalesDeskIssue()
    Dim Period As String
    If Not ReadyToRun() Then Exit Sub
    Period = AskPeriod(Say("ask_issue"), ThisMonth(), False)
    If Period = "" Then Exit Sub
    RunPython "import addin.entry as sd; sd.issue('" & Period & "')"
End Sub

Public Sub SalesDeskCollect()
    If Not ReadyToRun() Then Exit Sub
    RunPython "import addin.entry as sd; sd.collect()"
End Sub

Public Sub SalesDeskStatus()
    Dim Period As String
    If Not ReadyToRun() Then Exit Sub
    Period = AskPeriod(Say("ask_status"), ThisMonth(), False)
    If Period = "" Then Exit Sub
    RunPython "import addin.entry as sd; sd.status('" & Period & "')"
End Sub

Public Sub SalesDeskAge()
    If Not ReadyToRun() Then Exit Sub
    RunPython "import addin.entry as sd; sd.age()"
End Sub

Public Sub SalesDeskAppraise()
    Dim Period As String
    If Not ReadyToRun() Then Exit Sub
    Period = AskPeriod(Say("ask_appraise"), LastMonth(), True)
    If Period = "" Then Exit Sub
    RunPython "import addin.entry as sd; sd.appraise('" & Period & "')"
End Sub

Public Sub SalesDeskDashboard()
    If Not ReadyToRun() Then Exit Sub
    RunPython "import addin.entry as sd; sd.dashboard()"
End Sub

Public Sub SalesDeskAbout()
    If ActiveWorkbook Is Nothing Then
        ' Python needs a workbook to answer; say what this side knows.
        MsgBox Replace(Say("about"), "{version}", XLWINGS_VERSION), vbInformation, TITLE
        Exit Sub
    End If
    RunPython "import addin.entry as sd; sd.about('" & XLWINGS_VERSION & "')"
End Sub

Public Sub SalesDeskSelftest()
    If Not WorkbookActive() Then Exit Sub
    If MsgBox(Say("selftest"), vbOKCancel + vbQuestion, TITLE) <> vbOK Then Exit Sub
    RunPython "import addin.entry as sd; sd.selftest()"
End Sub
