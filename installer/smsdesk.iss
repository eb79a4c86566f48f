; Inno Setup script for the Windows installer; installer/build.py passes /DAppVersion and
; /DSourceDir (the PyInstaller one-folder output).
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
[Setup]
AppId={{6C1F3E0A-7B0E-4B8E-9F3A-5D1E2C9A4B71}
AppName=SMSDesk
AppVersion={#AppVersion}
AppPublisher=SMSDesk
DefaultDirName={autopf}\SMSDesk
DefaultGroupName=SMSDesk
OutputBaseFilename=SMSDesk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
PrivilegesRequired=lowest
ArchitecturesInstallIn64BitMode=x64compatible
WizardStyle=modern

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "zh"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\SMSDesk"; Filename: "{app}\SMSDesk.exe"
Name: "{autodesktop}\SMSDesk"; Filename: "{app}\SMSDesk.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; Flags: unchecked

[Run]
Filename: "{app}\SMSDesk.exe"; Description: "{cm:LaunchProgram,SMSDesk}"; Flags: nowait postinstall skipifsilent
