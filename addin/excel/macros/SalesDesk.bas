Attribute VB_Name = "SalesDesk"
' SalesDesk: one macro per job. The ribbon callbacks (SalesDeskRibbon) and the buttons on
' the templates both call these. Each one hands the job to Python through xlwings'
' RunPython; the Python entry point (addin.entry) works on the active workbook and its
' folder, and ends with a plain message. Nothing here does any work of its own, so the
' command line and Excel always run the same code.
Option Explicit

Private Const TITLE As String = "SalesDesk"

' A workbook must be active: with none open, or only a Protected View window (whose
' workbook is not in ActiveWorkbook), xlwings' RunPython stops with run-time error 91.
Private Function WorkbookActive() As Boolean
    If ActiveWorkbook Is Nothing Then
        MsgBox "Open a SalesDesk workbook first (masters, finance, plan, appraisal or dashboard)." & _
            vbNewLine & "If it opened in Protected View, click Enable Editing first.", _
            vbInformation, TITLE
        Exit Function
    End If
    WorkbookActive = True
End Function

' The workbook must exist as a file: the company folder is the folder it is saved in.
Private Function ReadyToRun() As Boolean
    If Not WorkbookActive() Then Exit Function
    If ActiveWorkbook.Path = "" Then
        MsgBox "Save this workbook in your company folder first; SalesDesk works on the files there.", _
            vbInformation, TITLE
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
        MsgBox "'" & Answer & "' is not a period such as 2026-03, 2026-Q1 or 2026.", vbExclamation, TITLE
    Else
        MsgBox "'" & Answer & "' is not a month such as 2026-03.", vbExclamation, TITLE
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
    Period = AskPeriod("Issue rep workbooks for which month? (e.g. 2026-03)", ThisMonth(), False)
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
    Period = AskPeriod("Show the reports of which month? (e.g. 2026-03)", ThisMonth(), False)
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
    Period = AskPeriod("Appraise which period? (2026-03, 2026-Q1 or 2026)", LastMonth(), True)
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
        MsgBox "SalesDesk add-in, built for xlwings " & XLWINGS_VERSION & "." & vbNewLine & _
            "Open a workbook (in Protected View: Enable Editing) and press About again " & _
            "to check Python too.", vbInformation, TITLE
        Exit Sub
    End If
    RunPython "import addin.entry as sd; sd.about('" & XLWINGS_VERSION & "')"
End Sub

Public Sub SalesDeskSelftest()
    If Not WorkbookActive() Then Exit Sub
    If MsgBox("The self-test makes a demo company in a new folder under Documents, presses " & _
        "every SalesDesk button on it and opens a report workbook to send to support. " & _
        "It takes a few minutes. Start?", vbOKCancel + vbQuestion, TITLE) <> vbOK Then Exit Sub
    RunPython "import addin.entry as sd; sd.selftest()"
End Sub
