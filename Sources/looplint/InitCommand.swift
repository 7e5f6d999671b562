// `looplint init [FOLDER]`: writes a commented looplint.yml for the project in FOLDER (default: the
// current folder) with the frameworks found in its package.json files and the contexts of its folders
// (LintEngine/ConfigTemplate.swift). An existing looplint.yml is kept unless --force is given.

import ArgumentParser
import Foundation
import LintEngine

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented looplint.yml with the frameworks and contexts found in the project."
    )

    @Argument(help: "The project folder (default: .).")
    var folder: String = "."

    @Flag(help: "Replace an existing looplint.yml.")
    var force = false

    @Flag(help: "Print the file instead of writing it.")
    var stdout = false

    func run() throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw InputError.noSuchPath(folder)
        }
        let text = ConfigTemplate.render(try ConfigTemplate.survey(folder: folder))
        if stdout {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        let path = (folder as NSString).appendingPathComponent(LintConfig.fileName)
        if FileManager.default.fileExists(atPath: path), !force {
            throw UsageError("\(path) exists; rerun with --force to replace it (or --stdout to see the new one)")
        }
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw UsageError("cannot write \(path): \(error.localizedDescription)")
        }
        print("wrote \(path)")
    }
}
