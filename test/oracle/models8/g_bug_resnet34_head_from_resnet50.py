"""BUG: "RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x512 and 2048x256)" -- an APTOS 2019 Blindness Detection notebook that fine-tunes a torchvision backbone with a dropout MLP head, model.fc = nn.Sequential(nn.Dropout(0.3), nn.Linear(2048, 256), nn.ReLU(), nn.Dropout(0.3), nn.Linear(256, 5)). The head was written for resnet50 (2048 features) with the width typed in by hand; to fit a larger batch on the Kaggle GPU the notebook switched to torchvision.models.resnet34(pretrained=False), whose last BasicBlock stage gives only 512 features (model.fc.in_features == 512). The first Linear of the new head, nn.Linear(2048, 256), raises in forward."""
import torch.nn as nn
import torchvision


# shapelint: input=(2, 3, 128, 128)
def get_model(num_classes=5):
    model = torchvision.models.resnet34(pretrained=False)
    model.fc = nn.Sequential(
        nn.Dropout(0.3),
        nn.Linear(2048, 256),
        nn.ReLU(),
        nn.Dropout(0.3),
        nn.Linear(256, num_classes),
    )
    return model
